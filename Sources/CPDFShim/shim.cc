// The only file that includes Poppler's headers; see include/cpdfshim.h.
#include "cpdfshim.h"

#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

namespace {
void silent(const std::string &, void *) {}

char *copy(const poppler::ustring &text, int64_t *length) {
    poppler::byte_array utf8 = text.to_utf8();
    char *out = static_cast<char *>(std::malloc(utf8.size() + 1));
    if (out == nullptr) return nullptr;
    if (!utf8.empty()) std::memcpy(out, utf8.data(), utf8.size());
    out[utf8.size()] = 0;
    *length = static_cast<int64_t>(utf8.size());
    return out;
}
} // namespace

LoupePDF *loupe_pdf_open(const char *data, int32_t length, int32_t *status) {
    static std::once_flag once;
    std::call_once(once, [] { poppler::set_debug_error_function(silent, nullptr); });
    try {
        poppler::document *doc = poppler::document::load_from_raw_data(data, length);
        if (doc == nullptr) {
            *status = LOUPE_PDF_DAMAGED;
            return nullptr;
        }
        if (doc->is_locked()) {
            delete doc;
            *status = LOUPE_PDF_LOCKED;
            return nullptr;
        }
        *status = LOUPE_PDF_OK;
        return reinterpret_cast<LoupePDF *>(doc);
    } catch (...) {
        *status = LOUPE_PDF_DAMAGED;
        return nullptr;
    }
}

int32_t loupe_pdf_pages(const LoupePDF *pdf) {
    return reinterpret_cast<const poppler::document *>(pdf)->pages();
}

char *loupe_pdf_page_text(const LoupePDF *pdf, int32_t index, int64_t *length) {
    try {
        std::unique_ptr<poppler::page> page(reinterpret_cast<const poppler::document *>(pdf)->create_page(index));
        if (!page) return nullptr;
        return copy(page->text(poppler::rectf(), poppler::page::non_raw_non_physical_layout), length);
    } catch (...) {
        return nullptr;
    }
}

char *loupe_pdf_info(const LoupePDF *pdf, const char *key, int64_t *length) {
    try {
        poppler::ustring value = reinterpret_cast<const poppler::document *>(pdf)->info_key(key);
        if (value.empty()) return nullptr;
        return copy(value, length);
    } catch (...) {
        return nullptr;
    }
}

char *loupe_pdf_page_render(const LoupePDF *pdf, int32_t index, int32_t dpi, int32_t *width, int32_t *height,
                            int32_t *stride) {
    try {
        std::unique_ptr<poppler::page> page(reinterpret_cast<const poppler::document *>(pdf)->create_page(index));
        if (!page) return nullptr;
        poppler::page_renderer renderer;
        renderer.set_image_format(poppler::image::format_gray8);
        poppler::image image = renderer.render_page(page.get(), dpi, dpi);
        if (!image.is_valid() || image.format() != poppler::image::format_gray8) return nullptr;
        size_t size = static_cast<size_t>(image.bytes_per_row()) * static_cast<size_t>(image.height());
        char *out = static_cast<char *>(std::malloc(size));
        if (out == nullptr) return nullptr;
        std::memcpy(out, image.const_data(), size);
        *width = image.width();
        *height = image.height();
        *stride = image.bytes_per_row();
        return out;
    } catch (...) {
        return nullptr;
    }
}

void loupe_pdf_free(char *buffer) { std::free(buffer); }

void loupe_pdf_close(LoupePDF *pdf) { delete reinterpret_cast<poppler::document *>(pdf); }
