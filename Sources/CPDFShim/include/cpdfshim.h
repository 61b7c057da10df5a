// CPDFShim: a thin C layer over Poppler's C++ API (Debian libpoppler-cpp-dev): open a PDF from
// memory, read its document information and each page's text in reading order, render a page. The C++ types stay
// inside shim.cc; text comes back as UTF-8 in buffers the caller frees with `loupe_pdf_free`.
#ifndef CPDFSHIM_H
#define CPDFSHIM_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct LoupePDF LoupePDF;

/// Statuses of `loupe_pdf_open`.
enum {
    LOUPE_PDF_OK = 0,
    /// Poppler cannot read the bytes as a PDF (damaged, truncated, not a PDF).
    LOUPE_PDF_DAMAGED = 1,
    /// The PDF is encrypted with a user password: no text without it.
    LOUPE_PDF_LOCKED = 2,
};

/// `poppler::document::load_from_raw_data` over `length` bytes (which must outlive the document),
/// no password; NULL with the status when it cannot be read. Poppler's messages are silenced.
LoupePDF *loupe_pdf_open(const char *data, int32_t length, int32_t *status);
/// `document::pages`.
int32_t loupe_pdf_pages(const LoupePDF *pdf);
/// The text of page `index` (from 0) in reading order (`page::text` with
/// `non_raw_non_physical_layout`), UTF-8, its length in `*length`; NULL when the page cannot be made.
char *loupe_pdf_page_text(const LoupePDF *pdf, int32_t index, int64_t *length);
/// `document::info_key(key)` ("Title", "Author", "Subject", "Keywords") in UTF-8; NULL when absent.
char *loupe_pdf_info(const LoupePDF *pdf, const char *key, int64_t *length);
/// Page `index` rendered at `dpi` in 8-bit gray (for OCR of a page without a text layer): its
/// `*width` × `*height` pixels, rows `*stride` bytes apart; NULL when it cannot be rendered.
char *loupe_pdf_page_render(const LoupePDF *pdf, int32_t index, int32_t dpi, int32_t *width, int32_t *height,
                            int32_t *stride);
/// Frees a buffer returned above.
void loupe_pdf_free(char *buffer);
/// Deletes the document.
void loupe_pdf_close(LoupePDF *pdf);

#ifdef __cplusplus
}
#endif

#endif
