import Foundation
import HuiyinService
import HuiyinTestSupport
import Testing

@Suite("Report exports: CSV for Excel, XLSX workbooks, ZIP archives")
struct ExportFormatTests {
    static let byUnit = ReportTable(
        name: "按单位", title: "2026年上半年 按单位统计", columns: ["单位", "件数", "按时办结率", "备注"],
        rows: [
            [.text("云溪市住建局"), .int(24), .percent(0.9583), .text(#"<&"'> 已核实 😀"#)],
            [.text("云溪市交通局"), .int(0), .percent(nil), .empty],
        ])
    static let byMonth = ReportTable(name: "按月份", columns: ["月份", "平均办理天数"], rows: [[.text("2026-06"), .number(4.5)]])

    @Test("cells are shown as a reader expects")
    func display() {
        #expect(ReportTable.Cell.percent(0.9583).display == "95.83%")
        #expect(ReportTable.Cell.percent(1).display == "100.00%")
        #expect(ReportTable.Cell.percent(nil).display == "—")
        #expect(ReportTable.Cell.number(4.5).display == "4.5" && ReportTable.Cell.number(12).display == "12")
        #expect(ReportTable.Cell.number(3.14159).display == "3.14" && ReportTable.Cell.number(-0.001).display == "0")
        #expect(ReportTable.Cell.int(-7).display == "-7" && ReportTable.Cell.empty.display == "")
    }

    @Test("CSV: byte order mark, CRLF, Chinese intact, RFC 4180 quoting, tables separated by a blank line")
    func csvLayout() throws {
        let data = CSVWriter.data([Self.byUnit, Self.byMonth])
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = try #require(String(data: data.dropFirst(3), encoding: .utf8))
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines == [
            "2026年上半年 按单位统计",
            "单位,件数,按时办结率,备注",
            #"云溪市住建局,24,95.83%,"<&""'> 已核实 😀""#,
            "云溪市交通局,0,—,",
            "",
            "月份,平均办理天数",
            "2026-06,4.5",
            "",
        ])
        let quoting = ReportTable(name: "t", columns: ["a,b", "c"], rows: [[.text("说\"好\""), .text("第一行\n第二行")]])
        let quoted = String(decoding: CSVWriter.data([quoting]).dropFirst(3), as: UTF8.self)
        #expect(quoted == "\"a,b\",c\r\n\"说\"\"好\"\"\",\"第一行\n第二行\"\r\n")
    }

    @Test("CSV: text that a spreadsheet would run as a formula gets a leading apostrophe; numbers do not")
    func csvFormulaInjection() {
        let table = ReportTable(name: "t", columns: ["=SUM(A1)"], rows: [
            [.text("=HYPERLINK(\"http://x\")")], [.text("+1")], [.text("-2")], [.text("@cmd")], [.text("\tx")], [.text("\rx")],
            [.int(-2)], [.number(-2.5)], [.text("a=b")],
        ])
        let lines = String(decoding: CSVWriter.data([table]).dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
        #expect(lines == [
            "'=SUM(A1)", #""'=HYPERLINK(""http://x"")""#, "'+1", "'-2", "'@cmd", "'\tx", "\"'\rx\"", "-2", "-2.5", "a=b", "",
        ])
    }

    @Test("XLSX: two sheets read back by openpyxl with their names, numbers, percents and text")
    func xlsxReadBack() async throws {
        let python = try await PythonTools.python()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("huiyin-export-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: file) }
        let dup = ReportTable(name: "按单位", columns: ["x"], rows: [])
        let odd = ReportTable(name: "a/b:c*d?[e]\\这是一个非常非常非常非常非常非常长的工作表名称", columns: [], rows: [])
        try XLSXWriter.data([Self.byUnit, Self.byMonth, dup, odd]).write(to: file)

        let script = """
        import json, sys, openpyxl
        wb = openpyxl.load_workbook(sys.argv[1])
        sheets = {}
        for ws in wb.worksheets:
            sheets[ws.title] = [[{"v": None if c.value is None else str(c.value), "t": type(c.value).__name__,
                                  "f": c.number_format, "b": bool(c.font.b)} for c in row] for row in ws.iter_rows()]
        print(json.dumps({"names": wb.sheetnames, "sheets": sheets}))
        """
        let result = try PythonTools.run(python, script: script, args: [file.path])
        #expect(result.status == 0, "\(result.stderr)")
        let book = try JSONDecoder().decode(Book.self, from: Data(result.stdout.utf8))

        #expect(book.names == ["按单位", "按月份", "按单位 (2)", "a_b_c_d__e__这是一个非常非常非常非常非常非常长的工"])
        #expect(book.names.allSatisfy { $0.utf16.count <= 31 })
        let unit = try #require(book.sheets["按单位"])
        #expect(unit.count == 4)
        #expect(unit[0][0].v == "2026年上半年 按单位统计" && unit[0][0].b)
        #expect(unit[1].map(\.v) == ["单位", "件数", "按时办结率", "备注"] && unit[1].allSatisfy(\.b))
        let row = unit[2]
        #expect(row[0].v == "云溪市住建局" && row[0].t == "str" && !row[0].b)
        #expect(row[1].v == "24" && row[1].t == "int")
        #expect(row[2].t == "float" && Double(row[2].v ?? "") == 0.9583 && row[2].f.contains("%"))
        #expect(row[3].v == #"<&"'> 已核实 😀"#)
        #expect(unit[3][1].v == "0" && unit[3][1].t == "int")
        #expect(unit[3][2].v == "—" && unit[3][3].v == nil)
        let month = try #require(book.sheets["按月份"])
        #expect(month[0].map(\.v) == ["月份", "平均办理天数"])
        #expect(month[1][1].t == "float" && month[1][1].v == "4.5")
    }

    @Test("ZIP: Python's zipfile finds every entry intact, UTF-8 names included")
    func zipIntegrity() async throws {
        let python = try await PythonTools.python()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("huiyin-export-\(UUID().uuidString).zip")
        defer { try? FileManager.default.removeItem(at: file) }
        var zip = ZipWriter(modified: Date(timeIntervalSince1970: 1_782_810_000), in: TimeZone(identifier: "Asia/Shanghai")!)
        zip.add(path: "报表/按单位.csv", data: CSVWriter.data([Self.byUnit]))
        zip.add(path: "empty.txt", data: Data())
        zip.add(path: "readme.txt", data: Data("回音".utf8))
        try zip.finish().write(to: file)

        let script = """
        import json, sys, zipfile
        z = zipfile.ZipFile(sys.argv[1])
        print(json.dumps({"bad": z.testzip(), "names": z.namelist(), "readme": z.read("readme.txt").decode("utf-8"),
                          "date": list(z.getinfo("readme.txt").date_time)}))
        """
        let result = try PythonTools.run(python, script: script, args: [file.path])
        #expect(result.status == 0, "\(result.stderr)")
        let archive = try JSONDecoder().decode(Archive.self, from: Data(result.stdout.utf8))
        #expect(archive.bad == nil)
        #expect(archive.names == ["报表/按单位.csv", "empty.txt", "readme.txt"])
        #expect(archive.readme == "回音")
        #expect(archive.date == [2026, 6, 30, 17, 0, 0])
    }

    struct Book: Decodable {
        struct Cell: Decodable { var v: String?; var t: String; var f: String; var b: Bool }
        var names: [String]
        var sheets: [String: [[Cell]]]
    }

    struct Archive: Decodable {
        var bad: String?
        var names: [String]
        var readme: String
        var date: [Int]
    }
}
