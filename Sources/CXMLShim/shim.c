// The only file that includes libxml2's headers; see include/cxmlshim.h for why.
#include "cxmlshim.h"

#include <libxml/xmlreader.h>

LoupeXMLReader *loupe_xml_open(const char *data, int32_t length) {
    int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
    return (LoupeXMLReader *)xmlReaderForMemory(data, length, NULL, NULL, options);
}

int32_t loupe_xml_read(LoupeXMLReader *r) { return xmlTextReaderRead((xmlTextReaderPtr)r); }

int32_t loupe_xml_nodeType(LoupeXMLReader *r) { return xmlTextReaderNodeType((xmlTextReaderPtr)r); }

const char *loupe_xml_localName(LoupeXMLReader *r) { return (const char *)xmlTextReaderConstLocalName((xmlTextReaderPtr)r); }

const char *loupe_xml_value(LoupeXMLReader *r) { return (const char *)xmlTextReaderConstValue((xmlTextReaderPtr)r); }

int32_t loupe_xml_isEmptyElement(LoupeXMLReader *r) { return xmlTextReaderIsEmptyElement((xmlTextReaderPtr)r); }

int32_t loupe_xml_moveToNextAttribute(LoupeXMLReader *r) { return xmlTextReaderMoveToNextAttribute((xmlTextReaderPtr)r); }

void loupe_xml_close(LoupeXMLReader *r) { xmlFreeTextReader((xmlTextReaderPtr)r); }
