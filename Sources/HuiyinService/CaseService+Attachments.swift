import Foundation
import HuiyinCore
import HuiyinStore

extension CaseService {
    /// Attaches a file to a case: anyone who may comment on the case may attach. The file is checked
    /// (type by content, size), sealed, stored, and recorded in the history, all in one transaction.
    public func attach(name: String, data: Data, toCase id: Int64, by actor: Actor, now: Date) async throws -> AttachmentInfo {
        let checked = try AttachmentPolicy.check(name: name, data: data, maxBytes: settings.maxAttachmentBytes)
        return try await changing(id, expectedVersion: nil) { current in
            let snap = reference.snapshot
            let ctx = lifecycleContext(current, snap, now: now)
            let (changed, event) = try Lifecycle.apply(.attach(name: checked.name, note: nil), to: current, by: actor, in: ctx)
            let file = NewAttachment(name: checked.name, contentType: checked.contentType, data: data, uploadedAt: now,
                                     uploadedBy: actor.reference.name)
            return try await store.attach(file, to: changed, event: event, index: index(changed, snap, today: ctx.today),
                                          expectedVersion: current.version)
        }
    }

    /// The files of a case the actor may open.
    public func attachments(ofCase id: Int64, by actor: Actor, now: Date) async throws -> [AttachmentInfo] {
        _ = try await view(id: id, by: actor, now: now)
        return try await store.attachments(caseID: id)
    }

    /// One file with its bytes, only for someone who may open its case.
    public func attachment(id: Int64, by actor: Actor, now: Date) async throws -> (info: AttachmentInfo, data: Data) {
        let missing = HuiyinError.notFound("attachment_not_found", "附件不存在")
        guard actor.user?.role.isStaff == true else { throw HuiyinError.forbidden("staff_only", "附件仅限有权查看该事项的工作人员下载") }
        guard let found = try await store.attachment(id: id) else { throw missing }
        _ = try await view(id: found.info.caseID, by: actor, now: now)
        return found
    }
}
