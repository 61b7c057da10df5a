import Testing
@_spi(Benchmarks) @testable import LoupeCore

@Suite struct EnglishSignalTests {
    func counts(_ text: String) -> EnglishSignal.Counts {
        var t = text
        return t.withUTF8 { EnglishSignal.count($0) }
    }

    @Test func countsWordsFunctionWordsAndNonASCIIBytes() {
        // Function words: The, the, and, it, was, with, the (not `on`); 13 words.
        #expect(counts("The cat sat on the mat and it was happy with the food.")
            == .init(words: 13, function: 7, nonASCII: 0, bytes: 54))
        // Whole words only, whatever their case: `theory` and `thesaurus` are not `the`.
        #expect(counts("theory THESAURUS There").function == 1)
        // `é` is two bytes over 0x80 and ends a word: `caf`, `au`, `lait`.
        #expect(counts("café au lait") == .init(words: 3, function: 0, nonASCII: 2, bytes: 13))
        #expect(counts("") == .init())
    }

    @Test func decidesEnglishProseOnly() {
        #expect(EnglishSignal.decides(counts("The cat sat on the mat and it was happy with the food.")))
        // A Latin name's definition: two function words are too few to tell.
        #expect(!EnglishSignal.decides(counts("genus Coereba n 1: type genus of the Coerebidae [syn: {Coereba}, {genus Coereba}]")))
        // Dutch and French prose: no English function words, or too many non-ASCII bytes.
        #expect(!EnglishSignal.decides(counts("De gemeenteraad heeft maandag besloten de oude brug over de rivier volgende zomer volledig te vernieuwen.")))
        #expect(!EnglishSignal.decides(counts("Le conseil a décidé de rénover le pont, which was used by the été and the hiver of the année.")))
        // One non-ASCII byte in 1000 at most (2 in 2037 bytes, not in 1982): the Dutch handbook's
        // pages quote English at length.
        let english = "The cat sat on the mat and it was happy with the food. "
        #expect(EnglishSignal.decides(counts(String(repeating: english, count: 37) + "é")))
        #expect(!EnglishSignal.decides(counts(String(repeating: english, count: 36) + "é")))
        // Few function words among many words.
        let list = Array(repeating: "alpha beta gamma delta epsilon zeta eta theta iota kappa", count: 3).joined(separator: " ")
        #expect(!EnglishSignal.decides(counts(list + " the of and")))
        #expect(EnglishSignal.decides(counts("alpha beta gamma delta epsilon zeta eta the of and")))
    }

    /// Where the signal decides, CLD2 agrees; where it does not, `detect` is CLD2's answer.
    @Test(arguments: [
        "Phonon is a Qt 5 multimedia API, which provides a task-oriented abstraction layer for capturing, mixing, processing, and playing audio and video content.",
        "A baseball player who gets many extra-base hits. The batter; as, there are two strikes on the hitter.",
        "This package contains the development files of the library, which are needed to build programs that use it.",
    ])
    func signalAgreesWithCLD2(_ text: String) {
        #expect(EnglishSignal.decides(counts(text)))
        #expect(Language.detect(text, signal: false) == .english)
        #expect(Language.detect(text) == .english)
    }

    @Test func theSampleEndsAtACharacterBoundaryWithinFourKB() {
        // 4095 ASCII bytes, then `é` across the 4096-byte mark: the sample stops before it.
        var text = String(repeating: "a", count: 4095) + "é" + "tail"
        text.withUTF8 { #expect(Language.sample($0).count == 4095) }
        var short = "short text"
        short.withUTF8 { #expect(Language.sample($0).count == 10) }
    }
}
