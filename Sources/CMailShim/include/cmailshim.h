// CMailShim: a thin C layer over GMime for the mail extractor. It parses one RFC 822 message from
// memory and flattens it: the message's headers decoded to UTF-8 (RFC 2047 words, address lists),
// its date, and its leaf MIME parts in order, each with its media type, charset, file name and its
// content with the transfer encoding (base64, quoted-printable) undone; an attached message
// (message/rfc822, a forwarded one) is one part whose content is that message, parsed again by the
// caller as a message of its own. Charsets are left to the
// caller (ICU). No GMime or GLib type crosses this header; every string and buffer is owned by the
// `LoupeMail` and lives until `loupe_mail_free`.
#ifndef CMAILSHIM_H
#define CMAILSHIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct LoupeMail LoupeMail;

/// The headers `loupe_mail_header` returns.
enum {
    LOUPE_MAIL_SUBJECT = 0,
    LOUPE_MAIL_FROM = 1,
    LOUPE_MAIL_TO = 2,
    LOUPE_MAIL_CC = 3,
    LOUPE_MAIL_MESSAGE_ID = 4,
    LOUPE_MAIL_HEADER_COUNT = 5
};

/// Parses the message in `data` (its headers, then its body; no mbox `From ` line). NULL when GMime
/// finds no message in it. Safe to call from several threads at once (GMime is set up once).
LoupeMail *loupe_mail_parse(const char *data, size_t length);
/// Frees the message and everything the calls below returned for it.
void loupe_mail_free(LoupeMail *m);
/// A header, decoded to UTF-8 (`LOUPE_MAIL_FROM`: "Name <address>, …"); NULL when absent.
const char *loupe_mail_header(LoupeMail *m, int32_t which);
/// 1 and the message's date in seconds since 1970 in `*seconds` when it has a readable one, else 0.
int32_t loupe_mail_date(LoupeMail *m, int64_t *seconds);
/// The leaf parts: text, HTML, attachments, attached messages (each one part, "message/rfc822",
/// its content the whole message; its own parts are not among these), depth first.
int32_t loupe_mail_part_count(LoupeMail *m);
/// Part `i`'s media type, lower case ("text/plain").
const char *loupe_mail_part_type(LoupeMail *m, int32_t i);
/// Part `i`'s charset parameter, or NULL.
const char *loupe_mail_part_charset(LoupeMail *m, int32_t i);
/// Part `i`'s file name (Content-Disposition's, else Content-Type's name), decoded; or NULL.
const char *loupe_mail_part_filename(LoupeMail *m, int32_t i);
/// 1 when part `i` is an attachment (by its disposition), else 0.
int32_t loupe_mail_part_is_attachment(LoupeMail *m, int32_t i);
/// 0, or the same positive number for the parts of one multipart/alternative (the one enclosing
/// part `i` most closely): the same text in several forms.
int32_t loupe_mail_part_alternative(LoupeMail *m, int32_t i);
/// Part `i`'s content, its transfer encoding undone; `*length` its bytes.
const uint8_t *loupe_mail_part_content(LoupeMail *m, int32_t i, size_t *length);

#ifdef __cplusplus
}
#endif

#endif
