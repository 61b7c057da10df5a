// The only file that includes ICU headers; see include/cicushim.h for why.
#include "cicushim.h"

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/utrans.h>
#include <unicode/utext.h>
#include <unicode/utypes.h>

LoupeBreakIterator *loupe_ubrk_open_word(const char *locale, const uint16_t *text, int32_t length, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(UBRK_WORD, locale, (const UChar *)text, length, &code);
    *status = (int32_t)code;
    return (LoupeBreakIterator *)bi;
}

void loupe_ubrk_setText(LoupeBreakIterator *bi, const uint16_t *text, int32_t length, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    ubrk_setText((UBreakIterator *)bi, (const UChar *)text, length, &code);
    *status = (int32_t)code;
}

int32_t loupe_ubrk_first(LoupeBreakIterator *bi) { return ubrk_first((UBreakIterator *)bi); }

int32_t loupe_ubrk_next(LoupeBreakIterator *bi) { return ubrk_next((UBreakIterator *)bi); }

int32_t loupe_ubrk_getRuleStatus(LoupeBreakIterator *bi) { return ubrk_getRuleStatus((UBreakIterator *)bi); }

void loupe_ubrk_close(LoupeBreakIterator *bi) { ubrk_close((UBreakIterator *)bi); }

LoupeTransliterator *loupe_utrans_openU(const uint16_t *id, int32_t idLength, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    UTransliterator *t = utrans_openU((const UChar *)id, idLength, UTRANS_FORWARD, NULL, 0, NULL, &code);
    *status = (int32_t)code;
    return (LoupeTransliterator *)t;
}

void loupe_utrans_transUChars(const LoupeTransliterator *t, uint16_t *text, int32_t *length, int32_t capacity, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    int32_t limit = *length;
    utrans_transUChars((const UTransliterator *)t, (UChar *)text, length, capacity, 0, &limit, &code);
    *status = (int32_t)code;
}

void loupe_utrans_close(LoupeTransliterator *t) { utrans_close((UTransliterator *)t); }

LoupeTransliterator *loupe_utrans_clone(const LoupeTransliterator *t, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    UTransliterator *c = utrans_clone((const UTransliterator *)t, &code);
    *status = (int32_t)code;
    return (LoupeTransliterator *)c;
}

const LoupeNormalizer *loupe_unorm2_getNFKCInstance(int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    const UNormalizer2 *n = unorm2_getNFKCInstance(&code);
    *status = (int32_t)code;
    return (const LoupeNormalizer *)n;
}

int32_t loupe_u_hasCompatibilityDecomposition(uint32_t codepoint) {
    int32_t type = u_getIntPropertyValue((UChar32)codepoint, UCHAR_DECOMPOSITION_TYPE);
    return type != U_DT_NONE && type != U_DT_CANONICAL;
}

int32_t loupe_u_wordBreak(uint32_t codepoint) {
    return u_getIntPropertyValue((UChar32)codepoint, UCHAR_WORD_BREAK);
}

int32_t loupe_u_isComplexContext(uint32_t codepoint) {
    return u_getIntPropertyValue((UChar32)codepoint, UCHAR_LINE_BREAK) == U_LB_COMPLEX_CONTEXT;
}

const LoupeNormalizer *loupe_unorm2_getNFKCCasefoldInstance(int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    const UNormalizer2 *n = unorm2_getNFKCCasefoldInstance(&code);
    *status = (int32_t)code;
    return (const LoupeNormalizer *)n;
}

int32_t loupe_unorm2_normalize(const LoupeNormalizer *n, const uint16_t *src, int32_t length, uint16_t *dest, int32_t capacity, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    int32_t out = unorm2_normalize((const UNormalizer2 *)n, (const UChar *)src, length, (UChar *)dest, capacity, &code);
    *status = (int32_t)code;
    return out;
}

int32_t loupe_uscript_getScript(uint32_t codepoint, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    UScriptCode script = uscript_getScript((UChar32)codepoint, &code);
    *status = (int32_t)code;
    return (int32_t)script;
}

const char *loupe_u_errorName(int32_t status) { return u_errorName((UErrorCode)status); }

LoupeText *loupe_utext_openUTF8(const char *s, int64_t length, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    UText *ut = utext_openUTF8(NULL, s, length, &code);
    *status = (int32_t)code;
    return (LoupeText *)ut;
}

void loupe_utext_close(LoupeText *ut) { utext_close((UText *)ut); }

void loupe_ubrk_setUText(LoupeBreakIterator *bi, LoupeText *ut, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    ubrk_setUText((UBreakIterator *)bi, (UText *)ut, &code);
    *status = (int32_t)code;
}

LoupeCharsetDetector *loupe_ucsdet_open(int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    UCharsetDetector *d = ucsdet_open(&code);
    *status = (int32_t)code;
    return (LoupeCharsetDetector *)d;
}

void loupe_ucsdet_setText(LoupeCharsetDetector *d, const char *text, int32_t length, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    ucsdet_setText((UCharsetDetector *)d, text, length, &code);
    *status = (int32_t)code;
}

const LoupeCharsetMatch *const *loupe_ucsdet_detectAll(LoupeCharsetDetector *d, int32_t *count, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    const UCharsetMatch **m = ucsdet_detectAll((UCharsetDetector *)d, count, &code);
    *status = (int32_t)code;
    return (const LoupeCharsetMatch *const *)m;
}

const char *loupe_ucsdet_getName(const LoupeCharsetMatch *m, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    const char *name = ucsdet_getName((const UCharsetMatch *)m, &code);
    *status = (int32_t)code;
    return name;
}

int32_t loupe_ucsdet_getConfidence(const LoupeCharsetMatch *m, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    int32_t c = ucsdet_getConfidence((const UCharsetMatch *)m, &code);
    *status = (int32_t)code;
    return c;
}

void loupe_ucsdet_close(LoupeCharsetDetector *d) { ucsdet_close((UCharsetDetector *)d); }

LoupeConverter *loupe_ucnv_open_stopping(const char *name, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    UConverter *c = ucnv_open(name, &code);
    if (U_SUCCESS(code)) ucnv_setToUCallBack(c, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &code);
    if (U_FAILURE(code) && c != NULL) {
        ucnv_close(c);
        c = NULL;
    }
    *status = (int32_t)code;
    return (LoupeConverter *)c;
}

int32_t loupe_ucnv_toUChars(LoupeConverter *c, uint16_t *dest, int32_t capacity, const char *src, int32_t length, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    int32_t n = ucnv_toUChars((UConverter *)c, (UChar *)dest, capacity, src, length, &code);
    *status = (int32_t)code;
    return n;
}

void loupe_ucnv_close(LoupeConverter *c) { ucnv_close((UConverter *)c); }
