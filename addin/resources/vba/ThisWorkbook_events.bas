' Excel runs this when the add-in loads: describe the RateCalc functions to the Function Wizard.
Private Sub Workbook_Open()
    RegisterRateCalcFunctions
End Sub
