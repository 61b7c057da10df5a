// The only file that includes Tesseract's and Leptonica's headers; see include/cocrshim.h.
#include "cocrshim.h"

#include <leptonica/allheaders.h>
#include <string.h>
#include <tesseract/capi.h>

LoupeOCR *loupe_ocr_open(const char *languages) {
    setMsgSeverity(L_SEVERITY_NONE);
    TessBaseAPI *api = TessBaseAPICreate();
    if (api == NULL) return NULL;
    TessBaseAPISetVariable(api, "debug_file", "/dev/null");
    if (TessBaseAPIInit3(api, NULL, languages) != 0) {
        TessBaseAPIDelete(api);
        return NULL;
    }
    return (LoupeOCR *)api;
}

static char *recognize(TessBaseAPI *api, int64_t *length) {
    char *text = TessBaseAPIGetUTF8Text(api);
    TessBaseAPIClear(api);
    if (text != NULL) *length = (int64_t)strlen(text);
    return text;
}

char *loupe_ocr_image(LoupeOCR *ocr, const uint8_t *data, int64_t size, int64_t *length) {
    if (size <= 0) return NULL;
    PIX *pix = pixReadMem(data, (size_t)size);
    if (pix == NULL) return NULL;
    TessBaseAPI *api = (TessBaseAPI *)ocr;
    TessBaseAPISetImage2(api, pix);
    // Images rarely say their resolution; Tesseract guesses one from the text when it is 0.
    if (pixGetXRes(pix) <= 0) TessBaseAPISetSourceResolution(api, 300);
    char *text = recognize(api, length);
    pixDestroy(&pix);
    return text;
}

char *loupe_ocr_pixels(LoupeOCR *ocr, const uint8_t *pixels, int32_t width, int32_t height, int32_t bytesPerPixel,
                       int32_t bytesPerLine, int32_t dpi, int64_t *length) {
    if (width <= 0 || height <= 0 || bytesPerLine < width * bytesPerPixel) return NULL;
    TessBaseAPI *api = (TessBaseAPI *)ocr;
    TessBaseAPISetImage(api, pixels, width, height, bytesPerPixel, bytesPerLine);
    TessBaseAPISetSourceResolution(api, dpi);
    return recognize(api, length);
}

void loupe_ocr_free(char *text) { TessDeleteText(text); }

void loupe_ocr_close(LoupeOCR *ocr) {
    TessBaseAPI *api = (TessBaseAPI *)ocr;
    TessBaseAPIEnd(api);
    TessBaseAPIDelete(api);
}
