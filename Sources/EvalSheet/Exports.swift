@_exported import EvalSheetModel
@_exported import EvalSheetTables
@_exported import EvalSheetLayout
@_exported import EvalSheetCairo
@_exported import EvalSheetHTML
@_exported import EvalSheetDOCX
@_exported import EvalSheetImport
