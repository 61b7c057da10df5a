// Debian's libstemmer-dev (Snowball 2.2): the stem rung of the analysis (see Sources/Loupe/Analysis/Stemmer.swift).
#include <libstemmer.h>
