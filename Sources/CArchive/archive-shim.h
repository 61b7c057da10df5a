// Debian's libarchive-dev (libarchive 3): compressed files (.gz .bz2 .xz .zst) and the zip and tar
// archives that office files, e-books and packed folders are, read from memory.
#include <archive.h>
#include <archive_entry.h>
