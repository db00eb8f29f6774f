import ArgumentParser

/// `huiyin`: run the server, seed the demo, manage users, calendars and the directory.
@main
struct HuiyinCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "huiyin",
        abstract: "回音 Huiyin：群众诉求与信访事项办理系统",
        subcommands: [ServeCommand.self, DemoCommand.self, BackupCommand.self, RestoreCommand.self, BenchQueriesCommand.self, UsersCommand.self, CalendarCommand.self, ImportCommand.self, ImportCasesCommand.self,
                      RulesCommand.self, InsightCommand.self, BenchSimilarCommand.self])
}
