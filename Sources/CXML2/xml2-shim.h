// Debian's libxml2-dev, for `CXMLShim` only: this module carries libxml2's pkg-config flags (its
// headers are in /usr/include/libxml2) and link line. Swift must not import it: libxml2's headers
// include the system's ICU, whose types clash with Foundation's private ICU.
#include <libxml/xmlreader.h>
