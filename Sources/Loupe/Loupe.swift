// `import Loupe` is the engine (`LoupeCore`) and the files layer on top of it (`LoupeFiles`).
// The split lets the compiler keep the direction: LoupeCore cannot see LoupeFiles.
@_exported import LoupeCore
@_exported import LoupeFiles
