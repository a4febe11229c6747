/// "Did you mean …?" for a misspelt key or id: the closest known name within a few edits.
public enum Suggestions {
    /// The known name closest to `word`, if it is within a third of the word's length in edits (at least 1,
    /// at most 3): `socres` → `scores`, `pm-adjustmnet` → `pm-adjustment`; nothing for an unrelated word.
    public static func closest(to word: String, among names: [String]) -> String? {
        let limit = min(3, max(1, word.count / 3))
        var best: (name: String, distance: Int)?
        for name in names where name != word {
            let distance = editDistance(Array(word.lowercased()), Array(name.lowercased()))
            if distance <= limit, distance < (best?.distance ?? .max) { best = (name, distance) }
        }
        return best?.name
    }

    /// `; did you mean 'scores'?`, or nothing.
    public static func hint(_ word: String, among names: [String]) -> Message {
        closest(to: word, among: names).map {
            Message(en: "; did you mean '\($0)'?", zh: "；是否应为 '\($0)'？")
        } ?? .empty
    }

    /// ` (did you mean 'scores'?)`, or nothing; `quoted` writes the name as the message shows names (`{weight}`).
    public static func didYouMean(_ word: String, among names: [String], quoted: (String) -> String = { "'\($0)'" })
        -> Message
    {
        closest(to: word, among: names).map {
            Message(en: " (did you mean \(quoted($0))?)", zh: "（是否应为 \(quoted($0))？）")
        } ?? .empty
    }

    /// Levenshtein distance with transpositions counted as one edit (`socres`/`scores`).
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
