// libFuzzer's driver, called from each target's own main (SwiftPM renames an executable's main, so
// the runtime's main cannot be used). Defined by the fuzzer runtime without main
// (libclang_rt.fuzzer_no_main) that scripts/fuzz.sh links.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
