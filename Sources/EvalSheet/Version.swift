/// The program's version, printed by `evalsheet --version` and `evalsheet doctor`; through `EngineVersion`
/// part of every batch hash, so that a new version renders a year's sheets again.
public enum EvalSheetVersion {
    public static let number = "0.6.0"
}
