Attribute VB_Name = "RateCalcRibbon"
Option Explicit

' The one callback of every RateCalc ribbon button that runs Python. Python decides what a button
' does (ratecalc_addin.ribbon_action), so changing a button never means changing this VBA.
Public Sub RateCalcButton(control As IRibbonControl)
    ' Without a Python the user is told, in one sentence, what to run (RateCalcSetup).
    If Not RateCalcPythonReady() Then Exit Sub
    ' RunPython hands Python the active workbook; with none open, give it an empty one.
    If ActiveWorkbook Is Nothing Then Workbooks.Add
    RunPython "import ratecalc_addin; ratecalc_addin.ribbon_action('" & control.ID & "')"
End Sub
