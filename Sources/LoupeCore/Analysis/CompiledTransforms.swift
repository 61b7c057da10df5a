/// ICU transforms compiled once per process: each filter gets its own clone (an ICU transliterator is
/// used by one thread at a time), so making an analyzer costs a clone, not a compilation (~20 ms for
/// a compound transform), and a transform that does not compile is an error when the first analyzer
/// is made.
enum CompiledTransforms {
    /// A compiled transform or why it failed to compile.
    /// `@unchecked Sendable`: the prototype is only ever read (cloned), never used to transliterate;
    /// ICU's clone reads the shared immutable rule data.
    private struct Prototype: @unchecked Sendable {
        let result: Result<ICUTransliterator, ICUError>
        init(_ id: String) {
            do { result = .success(try ICUTransliterator(id: id)) } catch let e as ICUError {
                result = .failure(e)
            } catch {
                result = .failure(ICUError(call: "utrans_openU(\(id))", status: 1))
            }
        }
    }

    private static let russian = Prototype(TransliterateFilter.russianTransformID)
    private static let ukrainian = Prototype(TransliterateFilter.ukrainianTransformID)
    private static let latin = Prototype(TransliterateFilter.latinTransformID)
    private static let russianAlone = Prototype(TransliterateFilter.russianAloneID)
    private static let ukrainianAlone = Prototype(TransliterateFilter.ukrainianAloneID)
    private static let greekAlone = Prototype(TransliterateFilter.greekAloneID)
    private static let simplified = Prototype(HanFoldFilter.transformID)
    private static let hanLatin = Prototype(ReadingFilter.hanLatinID)

    /// A new transliterator for the filters' transforms (one of the ids above).
    static func make(_ id: String) throws -> ICUTransliterator {
        let p: Prototype
        switch id {
        case TransliterateFilter.russianTransformID: p = russian
        case TransliterateFilter.ukrainianTransformID: p = ukrainian
        case TransliterateFilter.latinTransformID: p = latin
        case TransliterateFilter.russianAloneID: p = russianAlone
        case TransliterateFilter.ukrainianAloneID: p = ukrainianAlone
        case TransliterateFilter.greekAloneID: p = greekAlone
        case HanFoldFilter.transformID: p = simplified
        case ReadingFilter.hanLatinID: p = hanLatin
        default: return try ICUTransliterator(id: id)
        }
        return try ICUTransliterator(cloning: p.result.get())
    }
}
