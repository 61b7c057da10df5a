// The only file that includes GMime's headers; see include/cmailshim.h for why.
#include "cmailshim.h"

#include <gmime/gmime.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/// How deep multiparts and attached messages are followed: deeper ones are left out.
#define MAX_DEPTH 16
/// The most leaf parts kept of one message.
#define MAX_PARTS 1000

typedef struct {
    char *type, *charset, *filename;
    int32_t attachment, alternative;
    uint8_t *content;
    size_t length;
} Part;

struct LoupeMail {
    GMimeMessage *message;
    char *headers[LOUPE_MAIL_HEADER_COUNT];
    Part *parts;
    int32_t count, capacity, alternatives;
};

static pthread_once_t once = PTHREAD_ONCE_INIT;
static void setup(void) { g_mime_init(); }

static char *copy(const char *s) { return s ? strdup(s) : NULL; }

static char *addresses(InternetAddressList *list) {
    if (!list || internet_address_list_length(list) == 0) return NULL;
    char *s = internet_address_list_to_string(list, NULL, FALSE);
    char *out = copy(s);
    g_free(s);
    return out;
}

/// A new part at the end of the list, zeroed; NULL past `MAX_PARTS` or out of memory.
static Part *new_part(LoupeMail *m) {
    if (m->count >= MAX_PARTS) return NULL;
    if (m->count == m->capacity) {
        int32_t c = m->capacity ? m->capacity * 2 : 8;
        Part *p = realloc(m->parts, sizeof(Part) * (size_t)c);
        if (!p) return NULL;
        m->parts = p;
        m->capacity = c;
    }
    Part *p = &m->parts[m->count++];
    memset(p, 0, sizeof *p);
    return p;
}

/// Takes what was written to a memory stream as the part's content.
static void take_content(Part *p, GMimeStream *stream) {
    GByteArray *bytes = g_mime_stream_mem_get_byte_array((GMimeStreamMem *)stream);
    if (bytes && bytes->len > 0) {
        p->content = malloc(bytes->len);
        if (p->content) {
            memcpy(p->content, bytes->data, bytes->len);
            p->length = bytes->len;
        }
    }
}

static void add_part(LoupeMail *m, GMimePart *part, int32_t alternative) {
    Part *p = new_part(m);
    if (!p) return;
    GMimeContentType *ct = g_mime_object_get_content_type((GMimeObject *)part);
    char *type = ct ? g_mime_content_type_get_mime_type(ct) : NULL;
    p->type = strdup(type ? type : "text/plain");
    g_free(type);
    for (char *c = p->type; c && *c; c++) *c = g_ascii_tolower(*c);
    p->charset = ct ? copy(g_mime_content_type_get_parameter(ct, "charset")) : NULL;
    p->filename = copy(g_mime_part_get_filename(part));
    p->attachment = g_mime_part_is_attachment(part) ? 1 : 0;
    p->alternative = alternative;
    GMimeDataWrapper *wrapper = g_mime_part_get_content(part);
    if (wrapper) {
        GMimeStream *stream = g_mime_stream_mem_new();
        g_mime_data_wrapper_write_to_stream(wrapper, stream);
        take_content(p, stream);
        g_object_unref(stream);
    }
}

/// An attached message (message/rfc822: a forwarded one) as one part of type "message/rfc822",
/// its content the message's own bytes, headers and body, for the caller to parse as a message.
static void add_message(LoupeMail *m, GMimeMessagePart *object) {
    GMimeMessage *inner = g_mime_message_part_get_message(object);
    if (!inner) return;
    Part *p = new_part(m);
    if (!p) return;
    p->type = strdup("message/rfc822");
    const char *name = g_mime_object_get_content_disposition_parameter((GMimeObject *)object, "filename");
    if (!name) name = g_mime_object_get_content_type_parameter((GMimeObject *)object, "name");
    p->filename = copy(name);
    p->attachment = 1;
    GMimeStream *stream = g_mime_stream_mem_new();
    g_mime_object_write_to_stream((GMimeObject *)inner, NULL, stream);
    take_content(p, stream);
    g_object_unref(stream);
}

static void walk(LoupeMail *m, GMimeObject *object, int32_t alternative, int depth) {
    if (!object || depth > MAX_DEPTH) return;
    if (GMIME_IS_MESSAGE_PART(object)) {
        add_message(m, (GMimeMessagePart *)object);
    } else if (GMIME_IS_MULTIPART(object)) {
        GMimeContentType *ct = g_mime_object_get_content_type(object);
        if (ct && g_mime_content_type_is_type(ct, "multipart", "alternative")) alternative = ++m->alternatives;
        int n = g_mime_multipart_get_count((GMimeMultipart *)object);
        for (int i = 0; i < n; i++) walk(m, g_mime_multipart_get_part((GMimeMultipart *)object, i), alternative, depth + 1);
    } else if (GMIME_IS_PART(object)) {
        add_part(m, (GMimePart *)object, alternative);
    }
}

LoupeMail *loupe_mail_parse(const char *data, size_t length) {
    pthread_once(&once, setup);
    GMimeStream *stream = g_mime_stream_mem_new_with_buffer(data, length);
    GMimeParser *parser = g_mime_parser_new_with_stream(stream);
    g_object_unref(stream);
    g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
    GMimeMessage *message = g_mime_parser_construct_message(parser, NULL);
    g_object_unref(parser);
    if (!message) return NULL;
    LoupeMail *m = calloc(1, sizeof *m);
    if (!m) {
        g_object_unref(message);
        return NULL;
    }
    m->message = message;
    m->headers[LOUPE_MAIL_SUBJECT] = copy(g_mime_message_get_subject(message));
    m->headers[LOUPE_MAIL_FROM] = addresses(g_mime_message_get_from(message));
    m->headers[LOUPE_MAIL_TO] = addresses(g_mime_message_get_to(message));
    m->headers[LOUPE_MAIL_CC] = addresses(g_mime_message_get_cc(message));
    m->headers[LOUPE_MAIL_MESSAGE_ID] = copy(g_mime_message_get_message_id(message));
    walk(m, g_mime_message_get_mime_part(message), 0, 0);
    return m;
}

void loupe_mail_free(LoupeMail *m) {
    if (!m) return;
    for (int i = 0; i < LOUPE_MAIL_HEADER_COUNT; i++) free(m->headers[i]);
    for (int32_t i = 0; i < m->count; i++) {
        free(m->parts[i].type);
        free(m->parts[i].charset);
        free(m->parts[i].filename);
        free(m->parts[i].content);
    }
    free(m->parts);
    g_object_unref(m->message);
    free(m);
}

const char *loupe_mail_header(LoupeMail *m, int32_t which) {
    return which >= 0 && which < LOUPE_MAIL_HEADER_COUNT ? m->headers[which] : NULL;
}

int32_t loupe_mail_date(LoupeMail *m, int64_t *seconds) {
    GDateTime *date = g_mime_message_get_date(m->message);
    if (!date) return 0;
    *seconds = g_date_time_to_unix(date);
    return 1;
}

int32_t loupe_mail_part_count(LoupeMail *m) { return m->count; }

static Part *part(LoupeMail *m, int32_t i) { return i >= 0 && i < m->count ? &m->parts[i] : NULL; }

const char *loupe_mail_part_type(LoupeMail *m, int32_t i) { Part *p = part(m, i); return p ? p->type : NULL; }

const char *loupe_mail_part_charset(LoupeMail *m, int32_t i) { Part *p = part(m, i); return p ? p->charset : NULL; }

const char *loupe_mail_part_filename(LoupeMail *m, int32_t i) { Part *p = part(m, i); return p ? p->filename : NULL; }

int32_t loupe_mail_part_is_attachment(LoupeMail *m, int32_t i) { Part *p = part(m, i); return p ? p->attachment : 0; }

int32_t loupe_mail_part_alternative(LoupeMail *m, int32_t i) { Part *p = part(m, i); return p ? p->alternative : 0; }

const uint8_t *loupe_mail_part_content(LoupeMail *m, int32_t i, size_t *length) {
    Part *p = part(m, i);
    *length = p ? p->length : 0;
    return p ? p->content : NULL;
}
