// CCLD2Shim: a thin C layer over Compact Language Detector 2 (Debian libcld2-dev), whose API is C++.
// Swift calls this one function; the C++ types stay inside shim.cc.
#ifndef CCLD2SHIM_H
#define CCLD2SHIM_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The language of `length` bytes of UTF-8 plain text as CLD2's code ("en", "de", "zh", "zh-Hant",
/// "un" when unknown; static storage), with whether CLD2 calls the guess reliable and the share
/// (0–100) of the text's letters in that language. Invalid UTF-8 gives "un".
const char *loupe_cld2_detect(const char *text, int32_t length, int32_t *reliable, int32_t *percent);

#ifdef __cplusplus
}
#endif

#endif
