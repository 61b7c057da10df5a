// CCLD2Shim: a thin C layer over Compact Language Detector 2 (Debian libcld2-dev), whose API is C++.
// Swift calls these two functions; the C++ types stay inside shim.cc.
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

/// The passages CLD2 tells apart in `length` bytes of UTF-8 plain text: writes the first `capacity`
/// (offset, length, code) into `offsets`, `lengths`, `codes` in text order and returns how many it
/// wrote; `summary` gets the text's language as `loupe_cld2_detect` gives it, `codes3` and
/// `percents3` its three top languages by bytes and their shares (0–100), `reliable` whether CLD2
/// calls the summary reliable. Codes as `loupe_cld2_detect`'s ("un": unknown or too short to tell).
/// Invalid UTF-8 gives no passage and "un".
int32_t loupe_cld2_passages(const char *text, int32_t length, const char **summary, const char **codes3, int32_t *percents3,
                            int32_t *reliable, int32_t *offsets, int32_t *lengths, const char **codes, int32_t capacity);

#ifdef __cplusplus
}
#endif

#endif
