/// Storing a trained model, e.g. in the database, so a restart does not have to retrain.
///
/// Payload (all little-endian; the envelope is described on `ModelFormat`):
/// options (feature and training settings), `trainedOn`, the labels (UTF-8, length-prefixed),
/// the per-bucket document frequencies (LEB128 varints; IDF is recomputed from them), per label its
/// bias and weight scale (Float32), a bitmap of the buckets with any non-zero weight (about a quarter
/// of them never occur in training), then those buckets' weights as Int16, bucket-major.
///
/// ```swift
/// let blob = model.encoded()
/// let restored = try TextClassifier(encoded: blob)   // predicts exactly like `model`
/// ```
extension TextClassifier {
    public func encoded() -> [UInt8] {
        var w = BinaryWriter()
        w.reserve(weights.count * 2 + documentFrequencies.count * 2 + 1024)
        let f = options.features
        w.write(UInt8(f.bucketBits)); w.write(UInt8(f.titleMaxN)); w.write(UInt8(f.bodyMaxN))
        w.write(f.titleWeight); w.write(UInt32(f.bodyLimit))
        w.write(options.cost); w.write(options.classBalance)
        w.write(options.logCountRatioWeight); w.write(options.logCountRatioSmoothing)
        w.write(UInt32(options.maxIterations)); w.write(options.tolerance)
        w.write(options.confidenceScale); w.write(options.seed)
        w.write(UInt64(trainedOn))
        w.write(UInt32(labels.count))
        for label in labels { w.write(label) }
        for df in documentFrequencies { w.writeVarint(UInt64(df)) }
        for j in labels.indices { w.write(biases[j]); w.write(weightScales[j]) }
        let c = labels.count
        let dimension = documentFrequencies.count
        let stored = (0..<dimension).map { b in c > 0 && (0..<c).contains { weights[b * c + $0] != 0 } }
        var bitmap = [UInt8](repeating: 0, count: (dimension + 7) / 8)
        for b in 0..<dimension where stored[b] { bitmap[b / 8] |= 1 << UInt8(b % 8) }
        w.append(bitmap)
        for b in 0..<dimension where stored[b] {
            for j in 0..<c { w.write(WeightQuantization.quantize(weights[b * c + j], scale: weightScales[j])) }
        }
        return ModelFormat.wrap(w.bytes)
    }

    /// Restores a model written by `encoded()`. Throws `InsightModelError` for anything that is not an
    /// intact model of a supported version.
    public init(encoded bytes: [UInt8]) throws(InsightModelError) {
        var r = try ModelFormat.unwrap(bytes)
        var f = FeatureOptions()
        f.bucketBits = Int(try r.read(UInt8.self, "特征设置"))
        f.titleMaxN = Int(try r.read(UInt8.self, "特征设置"))
        f.bodyMaxN = Int(try r.read(UInt8.self, "特征设置"))
        f.titleWeight = try r.readDouble("特征设置")
        f.bodyLimit = Int(try r.read(UInt32.self, "特征设置"))
        guard (1...26).contains(f.bucketBits), (1...8).contains(f.titleMaxN), (1...8).contains(f.bodyMaxN),
              f.titleWeight.isFinite else { throw .corrupt("特征设置超出范围") }
        var o = TrainingOptions(features: f)
        o.cost = try r.readDouble("训练设置")
        o.classBalance = try r.readDouble("训练设置")
        o.logCountRatioWeight = try r.readDouble("训练设置")
        o.logCountRatioSmoothing = try r.readDouble("训练设置")
        o.maxIterations = Int(try r.read(UInt32.self, "训练设置"))
        o.tolerance = try r.readDouble("训练设置")
        o.confidenceScale = try r.readDouble("训练设置")
        o.seed = try r.read(UInt64.self, "训练设置")
        guard o.confidenceScale.isFinite, o.confidenceScale > 0 else { throw .corrupt("置信度系数无效") }
        let trainedOn = try r.read(UInt64.self, "训练样本数")
        guard trainedOn <= UInt64(UInt32.max) else { throw .corrupt("训练样本数无效") }
        let labelCount = Int(try r.read(UInt32.self, "类别数"))
        guard labelCount <= 65_536 else { throw .corrupt("类别数无效") }
        var labels: [String] = []
        for _ in 0..<labelCount { labels.append(try r.readString("类别名")) }
        guard Set(labels).count == labels.count else { throw .corrupt("类别名重复") }
        let dimension = f.dimension
        guard r.remaining >= dimension + labelCount * 8 + (dimension + 7) / 8 else {
            throw .corrupt("数据不完整")
        }
        var df = [UInt32](repeating: 0, count: dimension)
        for b in 0..<dimension {
            let v = try r.readVarint("文档频率")
            guard v <= 2 * trainedOn else { throw .corrupt("文档频率超出样本数") }
            df[b] = UInt32(v)
        }
        var biases: [Float] = [], scales: [Float] = []
        for _ in 0..<labelCount {
            biases.append(try r.readFloat("偏置"))
            scales.append(try r.readFloat("权重系数"))
        }
        guard biases.allSatisfy(\.isFinite), scales.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw .corrupt("偏置或权重系数无效")
        }
        var bitmap: [UInt8] = []
        for _ in 0..<((dimension + 7) / 8) { bitmap.append(try r.read(UInt8.self, "权重位图")) }
        let storedRows = (0..<dimension).filter { bitmap[$0 / 8] & (1 << UInt8($0 % 8)) != 0 }
        let q = try r.readInt16s(count: storedRows.count * labelCount, "权重")
        guard r.remaining == 0 else { throw .corrupt("末尾有多余数据") }
        var weights = [Float](repeating: 0, count: dimension * labelCount)
        for (n, b) in storedRows.enumerated() {
            for j in 0..<labelCount { weights[b * labelCount + j] = Float(q[n * labelCount + j]) * scales[j] }
        }
        self.init(labels: labels, trainedOn: Int(trainedOn), options: o, documentFrequencies: df,
                  weights: weights, weightScales: scales, biases: biases)
    }
}
