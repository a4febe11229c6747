import ArgumentParser
struct RenderCommand: ParsableCommand { static let configuration = CommandConfiguration(commandName: "render"); func run() throws {} }
struct FontsCommand: ParsableCommand { static let configuration = CommandConfiguration(commandName: "fonts"); func run() throws {} }
