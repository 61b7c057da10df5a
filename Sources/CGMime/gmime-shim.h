// Debian's libgmime-3.0-dev, for `CMailShim` only: this module carries GMime's pkg-config flags (its
// headers and GLib's, in /usr/include/gmime-3.0 and /usr/include/glib-2.0) and link line. Swift
// does not import it: the mail extractor sees the shim's plain C interface.
#include <gmime/gmime.h>
