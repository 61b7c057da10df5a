// The only file that includes CLD2's headers; see include/ccld2shim.h.
#include "ccld2shim.h"

#include <cstdio>  // compact_lang_det.h uses FILE without including it
#include <cld2/public/compact_lang_det.h>

const char *loupe_cld2_detect(const char *text, int32_t length, int32_t *reliable, int32_t *percent) {
    bool isReliable = false;
    int validPrefix = 0;
    CLD2::Language languages[3] = {CLD2::UNKNOWN_LANGUAGE, CLD2::UNKNOWN_LANGUAGE, CLD2::UNKNOWN_LANGUAGE};
    int percents[3] = {0, 0, 0};
    double scores[3] = {0, 0, 0};
    int textBytes = 0;
    CLD2::Language lang = CLD2::ExtDetectLanguageSummaryCheckUTF8(
        text, length, true, nullptr, 0, languages, percents, scores, nullptr, &textBytes, &isReliable, &validPrefix);
    *reliable = isReliable ? 1 : 0;
    *percent = percents[0];
    return CLD2::LanguageCode(lang);
}
