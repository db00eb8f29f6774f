import Foundation

/// Writes report tables as an Excel workbook (.xlsx, Office Open XML), one sheet per table, that
/// Excel, WPS, LibreOffice and openpyxl open. Numbers stay numbers; percents are fractions shown with
/// the `0.00%` format; title and header rows are bold.
///
/// ```swift
/// let xlsx = XLSXWriter.data([byUnit, byMonth])
/// // Content-Type: XLSXWriter.contentType
/// ```
public enum XLSXWriter {
    public static let contentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    /// The workbook for `tables`; with no table it holds one empty sheet, as a workbook must.
    public static func data(_ tables: [ReportTable]) -> Data {
        let tables = tables.isEmpty ? [ReportTable(name: "Sheet1", columns: [], rows: [])] : tables
        let names = sheetNames(tables.map(\.name))
        var zip = ZipWriter()
        func add(_ path: String, _ xml: String) { zip.add(path: path, data: Data(xml.utf8)) }
        add("[Content_Types].xml", contentTypes(sheets: tables.count))
        add("_rels/.rels", packageRelationships)
        add("docProps/app.xml", app)
        add("docProps/core.xml", core)
        add("xl/workbook.xml", workbook(names))
        add("xl/_rels/workbook.xml.rels", workbookRelationships(sheets: tables.count))
        add("xl/styles.xml", styles)
        for (index, table) in tables.enumerated() {
            add("xl/worksheets/sheet\(index + 1).xml", XLSXWorksheet(table: table).xml)
        }
        return zip.finish()
    }

    /// Names Excel accepts, in order: forbidden characters `[]:*?/\` become "_", at most 31 UTF-16
    /// units, no apostrophe at either end, never empty, and unique regardless of case ("按单位 (2)").
    static func sheetNames(_ names: [String]) -> [String] {
        let forbidden = Set("[]:*?/\\".unicodeScalars)
        var used = Set<String>()
        return names.enumerated().map { index, raw in
            var scalars = String.UnicodeScalarView()
            for scalar in raw.unicodeScalars where XMLText.isLegal(scalar) && scalar.properties.generalCategory != .control {
                scalars.append(forbidden.contains(scalar) ? "_" : scalar)
            }
            var base = trimmed(String(scalars))
            if base.isEmpty { base = "Sheet\(index + 1)" }
            if base.lowercased() == "history" { base += "_" }  // reserved by Excel
            var name = trimmed(XLSXWorksheet.prefix(base, utf16: 31))
            var number = 2
            while used.contains(name.lowercased()) {
                let suffix = " (\(number))"
                name = trimmed(XLSXWorksheet.prefix(base, utf16: 31 - suffix.utf16.count)) + suffix
                number += 1
            }
            used.insert(name.lowercased())
            return name
        }
    }

    private static func trimmed(_ name: String) -> String {
        name.trimmingCharacters(in: CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: "'")))
    }

    private static let declaration = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    private static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    private static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    private static let packageRels = "http://schemas.openxmlformats.org/package/2006/relationships"

    private static func contentTypes(sheets: Int) -> String {
        let office = "application/vnd.openxmlformats-officedocument"
        var x = declaration + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
        x += #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
        x += #"<Default Extension="xml" ContentType="application/xml"/>"#
        x += #"<Override PartName="/xl/workbook.xml" ContentType="\#(office).spreadsheetml.sheet.main+xml"/>"#
        for n in 1...sheets {
            x += #"<Override PartName="/xl/worksheets/sheet\#(n).xml" ContentType="\#(office).spreadsheetml.worksheet+xml"/>"#
        }
        x += #"<Override PartName="/xl/styles.xml" ContentType="\#(office).spreadsheetml.styles+xml"/>"#
        x += #"<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>"#
        x += #"<Override PartName="/docProps/app.xml" ContentType="\#(office).extended-properties+xml"/>"#
        return x + "</Types>"
    }

    private static let packageRelationships = declaration + #"<Relationships xmlns="\#(packageRels)">"#
        + #"<Relationship Id="rId1" Type="\#(relationships)/officeDocument" Target="xl/workbook.xml"/>"#
        + #"<Relationship Id="rId2" Type="\#(packageRels)/metadata/core-properties" Target="docProps/core.xml"/>"#
        + #"<Relationship Id="rId3" Type="\#(relationships)/extended-properties" Target="docProps/app.xml"/>"#
        + "</Relationships>"

    private static let app = declaration
        + #"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">"#
        + "<Application>Huiyin</Application></Properties>"

    private static let core = declaration
        + #"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" "#
        + #"xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Huiyin</dc:creator></cp:coreProperties>"#

    private static func workbook(_ names: [String]) -> String {
        var x = declaration + #"<workbook xmlns="\#(main)" xmlns:r="\#(relationships)">"#
        x += "<bookViews><workbookView/></bookViews><sheets>"
        for (index, name) in names.enumerated() {
            x += #"<sheet name="\#(XMLText.escaped(name))" sheetId="\#(index + 1)" r:id="rId\#(index + 1)"/>"#
        }
        return x + "</sheets></workbook>"
    }

    private static func workbookRelationships(sheets: Int) -> String {
        var x = declaration + #"<Relationships xmlns="\#(packageRels)">"#
        for n in 1...sheets {
            x += #"<Relationship Id="rId\#(n)" Type="\#(relationships)/worksheet" Target="worksheets/sheet\#(n).xml"/>"#
        }
        x += #"<Relationship Id="rId\#(sheets + 1)" Type="\#(relationships)/styles" Target="styles.xml"/>"#
        return x + "</Relationships>"
    }

    /// Cell formats in the order of ``XLSXWorksheet/Style``: plain, header (bold on a light fill),
    /// percent (built-in format 10, `0.00%`), title (bold, larger), missing value (right-aligned "—").
    static let styles = declaration + #"<styleSheet xmlns="\#(main)">"#
        + #"<fonts count="3">"#
        + #"<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>"#
        + #"<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>"#
        + #"<font><b/><sz val="14"/><name val="Calibri"/><family val="2"/></font>"#
        + "</fonts>"
        + #"<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>"#
        + #"<fill><patternFill patternType="solid"><fgColor rgb="FFE8EEF7"/><bgColor indexed="64"/></patternFill></fill></fills>"#
        + #"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#
        + #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
        + #"<cellXfs count="5">"#
        + #"<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#
        + #"<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>"#
        + #"<xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
        + #"<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>"#
        + #"<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment horizontal="right"/></xf>"#
        + "</cellXfs>"
        + #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#
        + "</styleSheet>"
}
