// CXMLShim: a thin C layer over libxml2's streaming reader (xmlTextReader). Why it exists: libxml2's
// headers include ICU's, which clash with Foundation's private ICU in Swift; this header includes
// none (opaque reader, `char` strings in UTF-8 owned by the reader). Each wrapper is one libxml2 call.
#ifndef CXMLSHIM_H
#define CXMLSHIM_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct LoupeXMLReader LoupeXMLReader;

/// `xmlReaderForMemory` with XML_PARSE_NONET | NOERROR | NOWARNING (no network, no external
/// entities loaded, libxml2's default limits on entity expansion); NULL when it cannot start.
LoupeXMLReader *loupe_xml_open(const char *data, int32_t length);
/// `xmlTextReaderRead`: 1 a node was read, 0 the end, -1 an error.
int32_t loupe_xml_read(LoupeXMLReader *r);
/// `xmlTextReaderNodeType`: 1 element, 3 text, 4 CDATA, 14 significant white space, 15 end element.
int32_t loupe_xml_nodeType(LoupeXMLReader *r);
/// `xmlTextReaderConstLocalName`: valid until the next read.
const char *loupe_xml_localName(LoupeXMLReader *r);
/// `xmlTextReaderConstValue`: valid until the next read.
const char *loupe_xml_value(LoupeXMLReader *r);
/// `xmlTextReaderIsEmptyElement`.
int32_t loupe_xml_isEmptyElement(LoupeXMLReader *r);
/// `xmlTextReaderMoveToNextAttribute`: 1 on an attribute, 0 none left.
int32_t loupe_xml_moveToNextAttribute(LoupeXMLReader *r);
/// `xmlFreeTextReader`.
void loupe_xml_close(LoupeXMLReader *r);

#ifdef __cplusplus
}
#endif

#endif
