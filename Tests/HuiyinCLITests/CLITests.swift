import Foundation
import HuiyinTestSupport
import Testing

@Suite("The huiyin executable: calendar, demo, import, and crash durability over HTTP")
struct CLITests {
    @Test("calendar due prints the due date on its first line, then the reasoning")
    func calendarDue() throws {
        let nowhere = "/nonexistent/huiyin.db"
        let holiday = try Executable.run(["calendar", "due", "--from", "2026-09-16", "--days", "15", "--db", nowhere])
        #expect(holiday.status == 0)
        #expect(holiday.lines.first == "2026-10-08")
        #expect(holiday.lines.dropFirst().joined().contains("顺延"))
        let working = try Executable.run(["calendar", "due", "--from", "2026-02-12", "--days", "5", "--working", "--db", nowhere])
        #expect(working.lines.first == "2026-02-26")
        let plain = try Executable.run(["calendar", "due", "--from", "2026-03-02", "--days", "60", "--db", nowhere])
        #expect(plain.lines.first == "2026-05-06")
        let bad = try Executable.run(["calendar", "due", "--from", "2026/09/16", "--days", "15", "--db", nowhere])
        #expect(bad.status != 0 && bad.stderr.contains("YYYY-MM-DD") && bad.stdout.isEmpty)
    }

    @Test("a year added from a JSON file changes due dates computed from that database")
    func addYear() async throws {
        let tmp = TempFolder()
        let db = try await TestStorage.make(tmp).args
        let before = try Executable.run(["calendar", "due", "--from", "2026-12-17", "--days", "15"] + db)
        #expect(before.lines.first == "2027-01-01" && before.stdout.contains("尚未录入 2027"))
        let file = try tmp.write("2027.json", #"{"year":2027,"holidays":[{"name":"元旦","from":"2027-01-01","to":"2027-01-03"}],"workdays":[]}"#)
        #expect(try Executable.run(["calendar", "add-year", file] + db).status == 0)
        let after = try Executable.run(["calendar", "due", "--from", "2026-12-17", "--days", "15"] + db)
        #expect(after.lines.first == "2027-01-04")
        #expect(try Executable.run(["calendar", "show"] + db).stdout.contains("2027"))
        let broken = try tmp.write("bad.json", #"{"year":2028,"holidays":[],"workdays":[{"name":"x","date":"2028-03-01"}]}"#)
        let refused = try Executable.run(["calendar", "add-year", broken] + db)
        #expect(refused.status != 0 && refused.stderr.contains("calendar_invalid"))
    }

    @Test("demo seeds a city, users for every role and cases in every state; a second run refuses")
    func demo() async throws {
        let tmp = TempFolder()
        let db = try await TestStorage.make(tmp, "demo").args
        let r = try Executable.run(["demo"] + db + ["--cases", "150", "--bcrypt-cost", "4"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("150 件信访事项"))
        for label in ["已登记", "已受理", "已交办", "已退回", "办理中", "已答复", "不满意", "复查中", "已复查", "复核中", "已办结",
                      "复核终结", "不予受理", "已转送", "已撤回"] {
            let line = r.lines.first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(label + "：") }
            let count = line.flatMap { Int($0.split(separator: "：").last ?? "") } ?? 0
            #expect(count > 0, "no case in state \(label)")
        }
        #expect(!r.stdout.contains("提示"), "the demo plans broke a rule: \(r.stdout)")
        for user in ["admin", "registrar", "dispatcher", "handler", "supervisor", "leader", "citizen"] { #expect(r.stdout.contains(user)) }
        let again = try Executable.run(["demo"] + db + ["--bcrypt-cost", "4"])
        #expect(again.status != 0 && again.stderr.contains("已有数据"))
    }

    @Test("territories, units and users imported from files; imported users log in over HTTP")
    func importFiles() async throws {
        let tmp = TempFolder()
        let db = try await TestStorage.make(tmp).args
        let t = try tmp.write("t.csv", "code,name,level,parent\n3609,宜春市,市,\n360981,丰城市,县级市,3609\n360981-01,剑光街道,街道,360981\n")
        let u = try tmp.write("u.json", #"[{"code":"fc-xfj","name":"丰城市信访局","territory":"360981","kind":"信访部门"},"# +
                                        #"{"code":"fc-zjj","name":"丰城市住建局","territory":"360981","kind":"职能部门","competence":["城乡建设"]}]"#)
        let users = try tmp.write("users.csv", "username,name,role,unit,password\nfc-reg,丰城登记员,登记员,fc-xfj,pass-word-1\nfc-disp,丰城派单员,dispatcher,fc-xfj,\n")
        #expect(try Executable.run(["import", "territories", t] + db).stdout.contains("3 个属地"))
        #expect(try Executable.run(["import", "units", u] + db).stdout.contains("2 个单位"))
        let imported = try Executable.run(["import", "users", users] + db + ["--bcrypt-cost", "4"])
        #expect(imported.status == 0 && imported.stdout.contains("fc-disp，初始密码："))
        let broken = try tmp.write("bad.csv", "code,name,level,parent\nx,某村,村,nowhere\n")
        let refused = try Executable.run(["import", "territories", broken] + db)
        #expect(refused.status != 0 && refused.stderr.contains("nowhere"))
        #expect(try Executable.run(["users", "list"] + db).stdout.contains("丰城派单员"))

        let server = try ServerProcess(db)
        defer { server.stop() }
        try await server.withAPI { api in
            let token = try await api.login("fc-reg", password: "pass-word-1")
            var body = letterJSON()
            body["territory"] = "360981-01"
            let r = try await api.post("/api/v1/cases", body, token: token)
            #expect(r.status == 201 && r.string("number") != nil)
        }
    }

    @Test("import-cases loads good rows with their answers, names the bad rows, and refuses a file that is not UTF-8")
    func importCases() async throws {
        let tmp = TempFolder()
        let db = try await TestStorage.make(tmp, "cases").args
        #expect(try Executable.run(["demo"] + db + ["--cases", "0", "--bcrypt-cost", "4"]).status == 0)
        let csv = try tmp.write("old.csv", """
            title,detail,time,label,reply,reply_time
            幸福路路灯不亮,幸福路三段路灯坏了一个月。,2025/6/3 10:00:00,城乡建设,已更换灯泡。,2025/6/10 16:00:00
            ,没有标题的一行,2025/6/4 10:00:00,城乡建设,,
            东湖小学门口积水,每逢下雨校门口积水很深。,2025/6/5 09:30:00,城乡建设,,
            """)
        let r = try Executable.run(["import-cases", csv] + db)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("读取 3 行：导入 2 件（其中已答复 1 件），1 行有错"), "\(r.stdout)")
        #expect(r.lines.contains { $0.hasPrefix("第 3 行 [") }, "the bad row is named by its line in the file")

        let latin = tmp.path("latin.csv")
        FileManager.default.createFile(atPath: latin, contents: Data([0x74, 0x69, 0x74, 0x6C, 0x65, 0x0A, 0xE9, 0xFF, 0x0A]))
        let refused = try Executable.run(["import-cases", latin] + db)
        #expect(refused.status != 0 && refused.stderr.contains("UTF-8"))

        let server = try ServerProcess(db)
        defer { server.stop() }
        try await server.withAPI { api in
            let token = try await api.login("dispatcher")
            let list = try await api.get("/api/v1/cases?per_page=50", token: token)
            let titles = (list["cases"] as? [[String: Any]])?.compactMap { $0["title"] as? String } ?? []
            #expect(Set(titles) == ["幸福路路灯不亮", "东湖小学门口积水"], "\(list.text.prefix(300))")
        }
    }

    @Test("a case answered 201 survives the server being killed (SIGKILL) right after")
    func crashDurability() async throws {
        let tmp = TempFolder()
        let db = try await TestStorage.make(tmp).args
        #expect(try Executable.run(["demo"] + db + ["--cases", "0", "--bcrypt-cost", "4"]).status == 0)
        let first = try ServerProcess(db)
        let numbers = try await first.withAPI { api -> [String] in
            let token = try await api.login("registrar")
            var numbers: [String] = []
            for i in 0..<25 {
                let r = try await api.post("/api/v1/cases", letterJSON(name: "持久\(i)"), token: token)
                if r.status == 201, let n = r.string("number") { numbers.append(n) }
            }
            return numbers
        }
        first.kill()
        #expect(numbers.count == 25)

        let second = try ServerProcess(db)
        defer { second.stop() }
        try await second.withAPI { api in
            let token = try await api.login("dispatcher")
            for n in numbers {
                let r = try await api.get("/api/v1/cases/\(n)", token: token)
                #expect(r.status == 200 && r.string("number") == n)
            }
            let list = try await api.get("/api/v1/cases?per_page=100", token: token)
            #expect(list["total"] as? Int == 25)
            let persons = (list["cases"] as? [[String: Any]])?.compactMap { ($0["petitioners"] as? [[String: Any]])?.first?["name"] as? String }
            #expect(Set(persons ?? []) == Set((0..<25).map { "持久\($0)" }))
        }
    }
}

@Suite("Backup and restore with the server running")
struct BackupTests {
    @Test("a backup taken while the server writes restores into a new database with exactly the cases it held")
    func backupRestore() async throws {
        let tmp = TempFolder()
        let db = try await TestStorage.make(tmp).args
        #expect(try Executable.run(["demo"] + db + ["--cases", "0", "--bcrypt-cost", "4"]).status == 0)
        let server = try ServerProcess(db)
        defer { server.stop() }
        let backup = tmp.path("backup.bin")
        let numbers = try await server.withAPI { api -> [String] in
            let token = try await api.login("registrar")
            var numbers: [String] = []
            for i in 0..<3 { numbers.append(try await api.post("/api/v1/cases", letterJSON(name: "备份\(i)"), token: token).string("number") ?? "") }
            let r = try Executable.run(["backup", "--to", backup] + db)
            #expect(r.status == 0 && r.stdout.contains("已备份"), "\(r.stderr)")
            #expect(try await api.post("/api/v1/cases", letterJSON(name: "备份之后"), token: token).status == 201)
            return numbers
        }
        let again = try Executable.run(["backup", "--to", backup] + db)
        #expect(again.status != 0 && again.stderr.contains("backup_exists"))

        // Restore into a new database with the same key file; never over existing data.
        let key = tmp.path("h.key")
        let target = TestEngine.current.isPostgres
            ? ["--postgres", try await TestDatabases.shared.fresh(bare: true).connectionString, "--key", key]
            : ["--db", tmp.path("restored.db"), "--key", key]
        let restored = try Executable.run(["restore", "--from", backup] + target)
        #expect(restored.status == 0 && restored.stdout.contains("3 件信访事项"), "\(restored.stdout) \(restored.stderr)")
        #expect(try Executable.run(["restore", "--from", backup] + db).status != 0, "restoring over live data is refused")

        server.stop()
        let second = try ServerProcess(target)
        defer { second.stop() }
        try await second.withAPI { api in
            let token = try await api.login("dispatcher")
            for n in numbers { #expect(try await api.get("/api/v1/cases/\(n)", token: token).string("number") == n) }
            let list = try await api.get("/api/v1/cases", token: token)
            #expect(list["total"] as? Int == 3)
            let names = (list["cases"] as? [[String: Any]])?.compactMap { ($0["petitioners"] as? [[String: Any]])?.first?["name"] as? String }
            #expect(Set(names ?? []) == ["备份0", "备份1", "备份2"], "personal data opens with the original key")
        }
    }
}
