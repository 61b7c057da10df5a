/// Each language's commonest function words (articles, pronouns, prepositions, conjunctions, forms of
/// "to be" and "to have"): words that say how a sentence is built, not what it is about. A query of
/// several words leaves them out when a word of another kind remains (`BooleanQuery`), as Lucene's
/// language analyzers do, so that `use of digital computers in the design of filters` ranks as
/// `digital computers design filters`. They stay in the index: a phrase (`"the who"`), a query of
/// stop words only (`to be or not to be`) and a one-word query still find them.
///
/// A word counts as a stop word only in the languages of a real share of the index
/// (`Analyzer.stopWordLanguages`): `die` is left out of a query on a German index, not an English one.
enum StopWords {
    /// `word` lowercased when some list holds it (nil: a stop word in no language), for `contains`.
    /// Most query words are in no list and cost one lookup here.
    static func candidate(_ word: String) -> String? {
        guard word.utf8.count <= longest else { return nil }
        let w = word.lowercased()
        return any.contains(w) ? w : nil
    }

    /// Whether `candidate` (from `candidate(_:)`) is a stop word in one of `languages`.
    static func contains(_ candidate: String, languages: [Language]) -> Bool {
        languages.contains { lists[$0.code]?.contains(candidate) ?? false }
    }

    /// The words, per ISO 639-1 code, lowercase with their accents.
    static let lists: [String: Set<String>] = [
        "en": words("""
            a an the this that these those i me my myself we us our ours ourselves you your yours yourself
            yourselves he him his himself she her hers herself it its itself they them their theirs themselves
            what which who whom whose am is are was were be been being have has had having do does did doing
            would should could shall will can may might must and but if or nor because as until while than so
            of at by for with about against between into through during before after above below to from up
            down in out on off over under again further then once here there when where why how all any both
            each few more most other some such no not only own same too very
            """),
        "de": words("""
            der die das den dem des ein eine einer eines einem einen und oder aber doch sondern denn dass daß
            wenn als wie ob weil zu zum zur im in ins am an auf aus bei mit nach von vom vor über unter um
            durch für gegen ohne bis ist sind war waren sein bin bist seid wird werden wurde wurden hat haben
            hatte hatten ich du er sie es wir ihr mich dich sich uns euch mir dir ihm ihn ihnen sein seine
            ihre nicht auch noch nur so
            """),
        "fr": words("""
            le la les l un une des du de d au aux et ou mais donc or ni car que qu qui quoi dont où ce cet
            cette ces à dans par pour sur sous avec sans entre vers chez en y est sont été être a ont avait
            je tu il elle on nous vous ils elles me te se lui leur leurs son sa ses mon ma mes ton ta tes
            notre nos votre vos ne pas plus
            """),
        "es": words("""
            el la los las lo un una unos unas y e o u pero ni que qué quien cual de del al a en por para con
            sin sobre entre hasta desde hacia es son fue era ser está están ha han he yo tú él ella nosotros
            vosotros ellos ellas me te se nos os le les su sus mi mis tu tus no más muy como
            """),
        "it": words("""
            il lo la i gli le un uno una e ed o ma che chi cui di del dello della dei degli delle a al allo
            alla ai agli alle da dal dalla dai in nel nello nella nei negli nelle con su sul sulla per tra fra
            è sono era essere ha hanno io tu lui lei noi voi loro mi ti si ci vi suo sua suoi sue non come più
            """),
        "pt": words("""
            o a os as um uma uns umas e ou mas que de do da dos das em no na nos nas por pelo pela pelos pelas
            para com sem sobre entre até ao aos à às é são foi era ser está estão tem eu tu ele ela nós vós
            eles elas me te se lhe lhes seu sua seus suas não mais como
            """),
        "nl": words("""
            de het een en of maar dat die dit deze wat wie van in op aan met voor door bij naar uit om over
            onder tot te is zijn was waren ben wordt worden werd heeft hebben had ik jij je hij zij ze wij we
            jullie u mij me hem haar ons hun zich niet ook als
            """),
        "ru": words("""
            и а но или да что чтобы как так же ли не ни в во на с со к ко по о об от до из у за для без под
            над при про через это этот эта эти тот та те быть был была были есть я ты он она оно мы вы они
            его её ее их мне меня нас вас им ему
            """),
    ]

    private static func words(_ text: String) -> Set<String> {
        Set(text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
    }

    /// Every list's words: most query words are in none, and are answered by one lookup.
    private static let any: Set<String> = lists.values.reduce(into: []) { $0.formUnion($1) }
    /// The longest stop word in UTF-8 bytes: a longer word is none, without lowercasing it.
    private static let longest = any.map(\.utf8.count).max() ?? 0
}
