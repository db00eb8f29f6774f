import Foundation
import HuiyinCore
import HuiyinService

/// 云溪市: a fictional city with two districts, four towns, eight villages or communities and sixteen
/// grids, twenty units with competences, and a user for every role.
enum DemoCity {
    static let password = "huiyin-demo"

    static let territories: [Territory] = {
        var list = [Territory(code: "yx", name: "云溪市", level: .city)]
        let layout: [(String, String, [(String, String, [(String, String)])])] = [
            ("dh", "东湖区", [("hb", "湖滨街道", [("bj", "滨江社区"), ("kz", "康庄社区")]),
                              ("qs", "青石镇", [("sq", "石桥村"), ("ht", "荷塘村")])]),
            ("xs", "西山区", [("xs", "西山镇", [("sl", "松林村"), ("yl", "杨柳村")]),
                              ("lx", "柳溪乡", [("xk", "溪口村"), ("ml", "梅岭村")])]),
        ]
        for (d, dName, towns) in layout {
            let dc = "yx-\(d)"
            list.append(Territory(code: dc, name: dName, level: .county, parentCode: "yx"))
            for (t, tName, villages) in towns {
                let tc = "\(dc)-\(t)"
                list.append(Territory(code: tc, name: tName, level: .township, parentCode: dc))
                for (v, vName) in villages {
                    let vc = "\(tc)-\(v)"
                    list.append(Territory(code: vc, name: vName, level: .village, parentCode: tc))
                    for g in 1...2 {
                        list.append(Territory(code: "\(vc)-g\(g)", name: "\(vName)第\(g)网格", level: .grid, parentCode: vc))
                    }
                }
            }
        }
        return list
    }()

    /// (code, name, territory, kind, parent, competence as top-level category names)
    static let unitRows: [(String, String, String, UnitKind, String?, [String])] = [
        ("yx-zf", "云溪市人民政府", "yx", .government, nil, []),
        ("yx-xfj", "云溪市信访局", "yx", .petitionOffice, "yx-zf", []),
        ("yx-zjj", "云溪市住房和城乡建设局", "yx", .department, "yx-zf", ["城乡建设"]),
        ("yx-rsj", "云溪市人力资源和社会保障局", "yx", .department, "yx-zf", ["劳动和社会保障"]),
        ("yx-sthjj", "云溪市生态环境局", "yx", .department, "yx-zf", ["环境保护"]),
        ("yx-jyj", "云溪市教育局", "yx", .department, "yx-zf", ["教育文体"]),
        ("yx-jtj", "云溪市交通运输局", "yx", .department, "yx-zf", ["交通运输"]),
        ("yx-wjw", "云溪市卫生健康委员会", "yx", .department, "yx-zf", ["卫生计生"]),
        ("yx-mzj", "云溪市民政局", "yx", .department, "yx-zf", ["民政"]),
        ("yx-nyj", "云溪市农业农村局", "yx", .department, "yx-zf", ["农村农业", "国土资源"]),
        ("yx-swj", "云溪市商务局", "yx", .department, "yx-zf", ["商贸旅游", "经济管理", "科技与信息产业"]),
        ("yx-gaj", "云溪市公安局", "yx", .judicial, "yx-zf", ["政法"]),
        ("yx-jw", "云溪市纪委监委", "yx", .discipline, nil, ["纪检监察", "党务政务"]),
        ("yx-dh-zf", "东湖区人民政府", "yx-dh", .government, "yx-zf", []),
        ("yx-dh-xfj", "东湖区信访局", "yx-dh", .petitionOffice, "yx-dh-zf", []),
        ("yx-xs-zf", "西山区人民政府", "yx-xs", .government, "yx-zf", []),
        ("yx-xs-xfj", "西山区信访局", "yx-xs", .petitionOffice, "yx-xs-zf", []),
        ("yx-dh-hb-bsc", "湖滨街道办事处", "yx-dh-hb", .government, "yx-dh-zf", []),
        ("yx-dh-qs-zf", "青石镇人民政府", "yx-dh-qs", .government, "yx-dh-zf", []),
        ("yx-xs-xs-zf", "西山镇人民政府", "yx-xs-xs", .government, "yx-xs-zf", []),
        ("yx-xs-lx-zf", "柳溪乡人民政府", "yx-xs-lx", .government, "yx-xs-zf", []),
    ]

    static func units(_ tree: CategoryTree) -> [OrgUnit] {
        let levels = Dictionary(uniqueKeysWithValues: territories.map { ($0.code, $0.level) })
        return unitRows.map { code, name, territory, kind, parent, competence in
            OrgUnit(code: code, name: name, territoryCode: territory, level: levels[territory]!, kind: kind, parentCode: parent,
                    competence: competence.compactMap { try? tree.resolve($0).code })
        }
    }

    /// The town-level government of a territory (for 属地 assignment and accused units).
    static func townGovernment(of territory: String) -> String {
        let town = territory.split(separator: "-").prefix(3).joined(separator: "-")
        return unitRows.first { $0.2 == town && $0.3 == .government }?.0 ?? "yx-dh-zf"
    }

    /// The city department competent for a top-level category.
    static func department(for topLevel: String) -> String {
        unitRows.first { $0.5.contains(topLevel) }?.0 ?? "yx-zjj"
    }

    struct Account { var username: String; var name: String; var role: Role; var unit: String? }

    static let accounts: [Account] = {
        var list: [Account] = [
            Account(username: "admin", name: "系统管理员", role: .admin, unit: "yx-xfj"),
            Account(username: "registrar", name: "李登记", role: .registrar, unit: "yx-xfj"),
            Account(username: "dispatcher", name: "王派单", role: .dispatcher, unit: "yx-xfj"),
            Account(username: "handler", name: "赵承办", role: .handler, unit: "yx-zjj"),
            Account(username: "supervisor", name: "陈督查", role: .supervisor, unit: "yx-xfj"),
            Account(username: "leader", name: "刘市长", role: .leader, unit: "yx-zf"),
            Account(username: "citizen", name: "张群众", role: .citizen, unit: nil),
            Account(username: "registrar-dh", name: "孙登记", role: .registrar, unit: "yx-dh-xfj"),
            Account(username: "dispatcher-dh", name: "周派单", role: .dispatcher, unit: "yx-dh-xfj"),
            Account(username: "leader-dh", name: "吴区长", role: .leader, unit: "yx-dh-zf"),
            Account(username: "dispatcher-xs", name: "郑派单", role: .dispatcher, unit: "yx-xs-xfj"),
        ]
        list += DemoGrids.accounts
        for (code, name, _, kind, _, _) in unitRows where kind != .petitionOffice && code != "yx-zjj" {
            list.append(Account(username: "handler-" + code.dropFirst(3), name: "\(name)承办人", role: .handler, unit: code))
        }
        return list
    }()

    /// Username of a handler of `unit`.
    static func handler(of unit: String) -> String { unit == "yx-zjj" ? "handler" : "handler-" + unit.dropFirst(3) }

    /// 派单规则 of the demo: 属地 first for village matters of 青石镇, 谁主管、谁负责 for the rest.
    static let routingRules: [RoutingRule] = [
        RoutingRule(territory: "yx-dh-qs", category: "城乡建设", level: .city, leadUnit: "yx-dh-qs-zf", assistingUnits: ["yx-zjj"],
                    note: "青石镇的城乡建设事项由镇政府主办、住建局协办"),
        RoutingRule(territory: nil, category: "城乡建设", level: .city, leadUnit: "yx-zjj"),
        RoutingRule(territory: nil, category: "环境保护", level: .city, leadUnit: "yx-sthjj"),
        RoutingRule(territory: nil, category: "劳动和社会保障", level: .city, leadUnit: "yx-rsj"),
        RoutingRule(territory: "yx-dh", category: nil, level: .county, leadUnit: "yx-dh-zf", note: "东湖区信访局派单：区政府统筹"),
    ]
}
