/// The fixed held-out split of a labelled set, so every model and every person is measured on the
/// same test messages.
///
/// Rule: a message is in the test part when `StableHash` of its title, U+001F and its detail (salted
/// with `salt`) is ≡ 0 mod 5 — about 20 %. The decision depends on the message alone, not on its
/// row number or on the rest of the file: re-ordering or adding rows never moves a message across,
/// and identical messages always land on the same side. Labels are not used, so the split is
/// stratified only in expectation (each label gets 20 % ± a few rows). Title and detail are hashed
/// as given; `LabelledCSV` trims surrounding whitespace, so read the file with it.
///
/// On messages-labelled.csv: 5,914 training and 1,449 test messages (18–22 % of each label).
///
/// ```swift
/// let (training, test) = DataSplit.split(examples)
/// ```
public enum DataSplit {
    public static let salt: UInt64 = 0x6875_6979_696e_0001   // "huiyin" v1
    public static let parts: UInt64 = 5

    static func hash(_ example: TrainingExample) -> UInt64 {
        StableHash.hash(example.title + "\u{1F}" + example.detail, salt: salt)
    }

    /// Whether the message belongs to the held-out test part.
    public static func isHeldOut(_ example: TrainingExample) -> Bool {
        hash(example) % parts == 0
    }

    /// Training and test parts, each in the input order.
    public static func split(_ examples: [TrainingExample]) -> (training: [TrainingExample], test: [TrainingExample]) {
        var training: [TrainingExample] = [], test: [TrainingExample] = []
        for example in examples {
            if isHeldOut(example) { test.append(example) } else { training.append(example) }
        }
        return (training, test)
    }
}
