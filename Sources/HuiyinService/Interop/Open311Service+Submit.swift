import Foundation
import HuiyinCore
import HuiyinStore

extension Open311Service {
    /// `POST requests`: registers the request as a 网上信访 case in the service's category. The notice
    /// carries the query code the citizen needs to follow the case on the portal (shown only here).
    public func submit(_ s: Open311.Submission, apiKey: String?, now: Date) async throws -> Open311.Created {
        let key = try await authorize(apiKey, now: now)
        let stored: [(String, String?)] = [("address_string", s.addressString), ("address_id", s.addressID), ("media_url", s.mediaURL),
                                           ("account_id", s.accountID), ("device_id", s.deviceID), ("email", s.email),
                                           ("first_name", s.firstName), ("last_name", s.lastName), ("phone", s.phone)]
        if let (field, _) = stored.first(where: { $0.1?.containsControlCharacters() == true }) {
            throw HuiyinError.invalid("invalid_characters", "\(field) 含有不可见的控制字符", field: field)
        }
        guard let code = s.serviceCode?.trimmedOrNil else {
            throw HuiyinError.invalid("service_code_missing", "缺少 service_code（服务代码）", field: "service_code")
        }
        guard reference.snapshot.directory.categories.node(code: code)?.active == true else { throw Self.unknownService(code) }
        let location = try Self.location(s)
        guard let description = s.description?.trimmedOrNil else {
            throw HuiyinError.invalid("description_missing", "请填写 description（问题描述）", field: "description")
        }
        // Open311 counts characters as code points (its JSON Schema's maxLength), not grapheme clusters.
        guard description.unicodeScalars.count <= 4000 else {
            throw HuiyinError.invalid("description_too_long", "description 不能超过 4000 字，现为 \(description.unicodeScalars.count) 字",
                                      field: "description")
        }
        let draft = try draft(s, category: code, description: description, location: location)
        let registered = try await cases.register(draft, by: .petitioner, now: now)
        let c = registered.view.case
        var rng = SystemRandomNumberGenerator()
        let token = QueryCode.generate(using: &rng) + QueryCode.generate(using: &rng)
        try await store.recordOpen311(Open311Submission(
            caseID: c.id, apiKeyID: key.id, token: token, requestedAt: now, address: location.address, addressID: location.addressID,
            lat: location.lat, lon: location.long, mediaURL: s.mediaURL?.trimmedOrNil, accountID: s.accountID?.trimmedOrNil,
            deviceID: s.deviceID?.trimmedOrNil, emailSealed: try s.email?.trimmedOrNil.map { try vault.seal(Data($0.utf8)) }))
        return Open311.Created(serviceRequestID: c.number,
                               notice: "已登记，事项编号 \(c.number)，查询码 \(registered.queryCode)。请妥善保存，凭编号和查询码查询办理进展。",
                               accountID: s.accountID?.trimmedOrNil)
    }

    /// The active key, or 403.
    func authorize(_ key: String?, now: Date) async throws -> APIKey {
        guard let key = key?.trimmedOrNil else {
            throw HuiyinError.forbidden("api_key_missing", "缺少 api_key，无法提交（请向管理员申请）")
        }
        guard let found = try await store.useAPIKey(hash: APIKeyService.hash(key, vault), at: now) else {
            throw HuiyinError.forbidden("api_key_invalid", "api_key 无效或已被吊销")
        }
        return found
    }

    struct Location { var address: String?; var addressID: String?; var lat: String?; var long: String? }

    /// One of `lat`+`long`, `address_string` or `address_id` is required; coordinates must be WGS84.
    static func location(_ s: Open311.Submission) throws -> Location {
        let lat = s.lat?.trimmedOrNil, long = s.long?.trimmedOrNil
        if (lat == nil) != (long == nil) {
            throw HuiyinError.invalid("location_incomplete", "lat 和 long 须同时提供", field: lat == nil ? "lat" : "long")
        }
        if let lat, let long {
            guard let y = Double(lat), let x = Double(long), (-90...90).contains(y), (-180...180).contains(x) else {
                throw HuiyinError.invalid("location_invalid", "坐标无效：lat 应在 -90 到 90 之间，long 应在 -180 到 180 之间", field: "lat")
            }
        }
        let loc = Location(address: s.addressString?.trimmedOrNil, addressID: s.addressID?.trimmedOrNil, lat: lat, long: long)
        guard loc.lat != nil || loc.address != nil || loc.addressID != nil else {
            throw HuiyinError.invalid("location_missing", "请提供位置：lat 与 long、address_string 或 address_id", field: "address_string")
        }
        return loc
    }

    func draft(_ s: Open311.Submission, category: String, description: String, location: Location) throws -> CaseDraft {
        let name = Self.personName(first: s.firstName?.trimmedOrNil, last: s.lastName?.trimmedOrNil)
        let phone = s.phone?.trimmedOrNil
        let kind: String
        if let raw = s.attributes["kind"]?.first?.trimmedOrNil {
            guard let k = LegalKind(parsing: raw) else {
                throw HuiyinError.invalid("invalid_kind", "attribute[kind] 只能是 suggestion、accusation、appeal（建议意见、检举控告、申诉求决）",
                                          field: "attribute[kind]")
            }
            kind = k.rawValue
        } else {
            kind = (name != nil && phone != nil ? LegalKind.appeal : .suggestion).rawValue
        }
        var place = [location.address, location.addressID.map { "地址编号 \($0)" }].compactMap { $0 }
        if let lat = location.lat, let long = location.long { place.append("纬度 \(lat)，经度 \(long)") }
        var content = description + "\n\n地点：" + place.joined(separator: "；")
        if let media = s.mediaURL?.trimmedOrNil { content += "\n图片：\(media)" }
        var draft = CaseDraft(channel: Channel.online.rawValue, kind: kind, category: category,
                              territory: s.attributes["territory"]?.first?.trimmedOrNil,
                              title: s.attributes["title"]?.first?.trimmedOrNil ?? Self.title(description), content: content)
        if let name {
            draft.petitioners = [CaseDraft.PersonDraft(name: name, phone: phone, address: location.address)]
        } else {
            draft.anonymous = true
        }
        return draft
    }

    /// Chinese names run family name first, without a space; others "first last".
    static func personName(first: String?, last: String?) -> String? {
        guard let first else { return last }
        guard let last else { return first }
        let cjk = (first + last).unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
        return cjk ? last + first : first + " " + last
    }

    /// The first line of the description, at most 30 characters.
    static func title(_ description: String) -> String {
        let line = description.split(whereSeparator: \.isNewline).first.map(String.init) ?? description
        return line.count > 30 ? String(line.prefix(30)) + "…" : line
    }
}
