// CICUShim: a thin C layer over the system's ICU (libicu-dev).
//
// Why it exists: Foundation on Linux carries its own private ICU, so a Swift module that also sees
// the system's <unicode/*.h> fails to build. This public header therefore includes no ICU header:
// handles are opaque, UTF-16 text is `uint16_t`, and every ICU error comes back as an `int32_t`
// status (ICU's UErrorCode value; > 0 is a failure). ICU also renames each C function with a
// version suffix by macro (`ubrk_open` is `ubrk_open_72`), which Swift cannot call: each wrapper
// here gives one ICU call a stable name, `loupe_` + the ICU name.
#ifndef CICUSHIM_H
#define CICUSHIM_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct LoupeBreakIterator LoupeBreakIterator;
typedef struct LoupeTransliterator LoupeTransliterator;
typedef struct LoupeNormalizer LoupeNormalizer;
typedef struct LoupeText LoupeText;

/// `utext_openUTF8(NULL, s, length, &status)`: a UText over UTF-8 bytes, whose native indexes are byte
/// offsets. The bytes must outlive the UText.
LoupeText *loupe_utext_openUTF8(const char *s, int64_t length, int32_t *status);
/// `utext_close`.
void loupe_utext_close(LoupeText *ut);
/// `ubrk_setUText`: the iterator then reports boundaries as the UText's native (UTF-8 byte) indexes.
void loupe_ubrk_setUText(LoupeBreakIterator *bi, LoupeText *ut, int32_t *status);

/// `ubrk_open(UBRK_WORD, locale, text, length, &status)`; text may be NULL (set it later).
LoupeBreakIterator *loupe_ubrk_open_word(const char *locale, const uint16_t *text, int32_t length, int32_t *status);
/// `ubrk_setText`: the iterator keeps a pointer to `text`; it must outlive the iteration.
void loupe_ubrk_setText(LoupeBreakIterator *bi, const uint16_t *text, int32_t length, int32_t *status);
/// `ubrk_first`: the first boundary (0).
int32_t loupe_ubrk_first(LoupeBreakIterator *bi);
/// `ubrk_next`: the next boundary, or -1 (UBRK_DONE) at the end.
int32_t loupe_ubrk_next(LoupeBreakIterator *bi);
/// `ubrk_getRuleStatus`: the status of the segment ending at the last boundary
/// (0–99 none, 100–199 number, 200–299 letter, 300–399 kana, 400–499 ideographic).
int32_t loupe_ubrk_getRuleStatus(LoupeBreakIterator *bi);
/// `ubrk_close`.
void loupe_ubrk_close(LoupeBreakIterator *bi);

/// `utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &status)` with a UTF-16 id.
LoupeTransliterator *loupe_utrans_openU(const uint16_t *id, int32_t idLength, int32_t *status);
/// `utrans_transUChars`: transliterates `text[0..<*length]` in place; `capacity` is the buffer size.
/// On return `*length` is the new length; if it exceeds `capacity` the status is
/// U_BUFFER_OVERFLOW_ERROR (15) and the caller retries with a larger buffer.
void loupe_utrans_transUChars(const LoupeTransliterator *t, uint16_t *text, int32_t *length, int32_t capacity, int32_t *status);
/// `utrans_close`.
void loupe_utrans_close(LoupeTransliterator *t);
/// `utrans_clone`: an independent copy (cheap next to compiling the rules again).
LoupeTransliterator *loupe_utrans_clone(const LoupeTransliterator *t, int32_t *status);

/// `unorm2_getNFKCCasefoldInstance`: a shared instance owned by ICU (never closed).
const LoupeNormalizer *loupe_unorm2_getNFKCCasefoldInstance(int32_t *status);
/// `unorm2_normalize`: returns the length of the result (which may exceed `capacity`: then the status
/// is U_BUFFER_OVERFLOW_ERROR and the caller retries with a larger buffer).
int32_t loupe_unorm2_normalize(const LoupeNormalizer *n, const uint16_t *src, int32_t length, uint16_t *dest, int32_t capacity, int32_t *status);

/// `unorm2_getNFKCInstance`: a shared instance owned by ICU (never closed).
const LoupeNormalizer *loupe_unorm2_getNFKCInstance(int32_t *status);
/// Whether a code point has a compatibility decomposition (`UCHAR_DECOMPOSITION_TYPE` is neither
/// none nor canonical): what NFKC changes and NFC keeps.
int32_t loupe_u_hasCompatibilityDecomposition(uint32_t codepoint);
/// `u_getIntPropertyValue(c, UCHAR_WORD_BREAK)`: the scalar's Word_Break class (ICU's
/// UWordBreakValues: 0 Other, 1 ALetter, 2 Format, 3 Katakana, 4 MidLetter, 5 MidNum, 6 Numeric,
/// 7 ExtendNumLet, 8 CR, 9 Extend, 10 LF, 11 MidNumLet, 12 Newline, 13 Regional_Indicator,
/// 14 Hebrew_Letter, 15 Single_Quote, 16 Double_Quote, 17–20 emoji classes, 21 ZWJ, 22 WSegSpace).
int32_t loupe_u_wordBreak(uint32_t codepoint);
/// Whether the scalar's Line_Break is Complex_Context (Thai, Lao, Khmer, Myanmar, …: ICU splits
/// their words with dictionaries).
int32_t loupe_u_isComplexContext(uint32_t codepoint);

/// `uscript_getScript`: the ICU UScriptCode of a code point (0 common, 1 inherited, 17 Han, …).
int32_t loupe_uscript_getScript(uint32_t codepoint, int32_t *status);

typedef struct LoupeCharsetDetector LoupeCharsetDetector;
typedef struct LoupeCharsetMatch LoupeCharsetMatch;
typedef struct LoupeConverter LoupeConverter;

/// `ucsdet_open`.
LoupeCharsetDetector *loupe_ucsdet_open(int32_t *status);
/// `ucsdet_setText`: the detector keeps a pointer to `text`; it must outlive the detection.
void loupe_ucsdet_setText(LoupeCharsetDetector *d, const char *text, int32_t length, int32_t *status);
/// `ucsdet_detectAll`: the matches, most confident first (owned by the detector, valid until the
/// next call on it); their number in `*count`.
const LoupeCharsetMatch *const *loupe_ucsdet_detectAll(LoupeCharsetDetector *d, int32_t *count, int32_t *status);
/// `ucsdet_getName`: the charset's name (static storage).
const char *loupe_ucsdet_getName(const LoupeCharsetMatch *m, int32_t *status);
/// `ucsdet_getConfidence`: 0–100.
int32_t loupe_ucsdet_getConfidence(const LoupeCharsetMatch *m, int32_t *status);
/// `ucsdet_close`.
void loupe_ucsdet_close(LoupeCharsetDetector *d);

/// `ucnv_open`, then `ucnv_setToUCallBack(UCNV_TO_U_CALLBACK_STOP)`: a converter that stops with
/// an error (U_ILLEGAL_CHAR_FOUND 12, U_INVALID_CHAR_FOUND 10, U_TRUNCATED_CHAR_FOUND 11) at the first
/// byte sequence it cannot map, instead of substituting a replacement character.
LoupeConverter *loupe_ucnv_open_stopping(const char *name, int32_t *status);
/// `ucnv_toUChars`: returns the length of the UTF-16 result (which may exceed `capacity`: then the
/// status is U_BUFFER_OVERFLOW_ERROR and the caller retries with a larger buffer).
int32_t loupe_ucnv_toUChars(LoupeConverter *c, uint16_t *dest, int32_t capacity, const char *src, int32_t length, int32_t *status);
/// `ucnv_close`.
void loupe_ucnv_close(LoupeConverter *c);

/// `u_errorName`: ICU's name of a status code (static storage).
const char *loupe_u_errorName(int32_t status);

#ifdef __cplusplus
}
#endif

#endif
