// COCRShim: a thin C layer over Tesseract's C API and Leptonica (Debian libtesseract-dev, which
// brings libleptonica-dev): recognize the text of an encoded image (PNG, JPEG, TIFF) or of raw
// pixels (a rendered PDF page). Tesseract's and Leptonica's types stay inside shim.c; text comes
// back as UTF-8 in buffers the caller frees with `loupe_ocr_free`.
#ifndef COCRSHIM_H
#define COCRSHIM_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct LoupeOCR LoupeOCR;

/// A recognizer of `languages` (Tesseract's `eng+deu`), its language data from Tesseract's default
/// folder; NULL when a language's data is not installed. Its messages go to /dev/null. One thread
/// at a time may use it.
LoupeOCR *loupe_ocr_open(const char *languages);
/// The text of an encoded image (what Leptonica's `pixReadMem` reads: PNG, JPEG, TIFF, …), its
/// length in `*length`; NULL when the bytes are not an image Leptonica reads.
char *loupe_ocr_image(LoupeOCR *ocr, const uint8_t *data, int64_t size, int64_t *length);
/// The text of `width` × `height` pixels of `bytesPerPixel` bytes (1: gray, 3: RGB, 4: RGBA),
/// rows `bytesPerLine` apart, scanned at `dpi`; NULL when Tesseract fails.
char *loupe_ocr_pixels(LoupeOCR *ocr, const uint8_t *pixels, int32_t width, int32_t height, int32_t bytesPerPixel,
                       int32_t bytesPerLine, int32_t dpi, int64_t *length);
/// Frees a text returned above.
void loupe_ocr_free(char *text);
/// Ends and deletes the recognizer.
void loupe_ocr_close(LoupeOCR *ocr);

#ifdef __cplusplus
}
#endif

#endif
