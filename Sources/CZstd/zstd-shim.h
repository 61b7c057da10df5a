// Debian's libzstd-dev (zstd 1.5): stored-field blocks are compressed with its one-shot API.
#include <zstd.h>
