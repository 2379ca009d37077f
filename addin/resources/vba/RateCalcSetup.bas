Attribute VB_Name = "RateCalcSetup"
Option Explicit

' Which Python the add-in runs, and what the user is told when there is none. The xlwings module's
' RunPython, XLPyCommand and XLPyLoadDLL ask RateCalcInterpreter (the builder rewires them), so
' the ribbon, the worksheet functions and Check setup all follow the same order:
'   1. RateCalc's settings: INTERPRETER_WIN / INTERPRETER_MAC (or INTERPRETER) on a ratecalc.conf
'      sheet, in a ratecalc.conf beside the workbook, or in the file 'ratecalc addin install' writes;
'   2. xlwings' own settings file (%USERPROFILE%\.xlwings\xlwings.conf, or xlwings.conf in Excel's
'      container on a Mac), which users of other xlwings add-ins already have;
'   3. the Python that built this add-in (recorded below at build time).
' A setting that names a file that does not exist is passed over, so a stale path never hides a
' working one further down.

#If Not Mac Then
    #If VBA7 Then
        Private Declare PtrSafe Function RateCalcLoadLibrary Lib "KERNEL32" Alias "LoadLibraryA" (ByVal lpLibFileName As String) As LongPtr
    #Else
        Private Declare Function RateCalcLoadLibrary Lib "KERNEL32" Alias "LoadLibraryA" (ByVal lpLibFileName As String) As Long
    #End If
#End If

' Written by ratecalc_addin.build_xlam: the interpreter that built this add-in and its platform.
Public Const BUILD_INTERPRETER As String = "{{BUILD_INTERPRETER}}"
Public Const BUILD_PLATFORM As String = "{{BUILD_PLATFORM}}"

' The one sentence every function cell and ribbon button shows when no Python is found.
Public Const MISSING_PYTHON_MESSAGE As String = "{{MISSING_PYTHON_MESSAGE}}"

Private Function InterpreterKey() As String
    #If Mac Then
        InterpreterKey = "INTERPRETER_MAC"
    #Else
        InterpreterKey = "INTERPRETER_WIN"
    #End If
End Function

Public Function XlwingsConfigFilePath() As String
    #If Mac Then
        XlwingsConfigFilePath = GetMacDir("$HOME", False) & "/xlwings.conf"
    #Else
        XlwingsConfigFilePath = Environ("USERPROFILE") & "\.xlwings\xlwings.conf"
    #End If
End Function

Private Function CondaConfigured() As Boolean
    CondaConfigured = (GetConfig("CONDA PATH") <> "" And GetConfig("CONDA ENV") <> "")
End Function

Private Function Usable(ByVal interpreter As String) As Boolean
    If interpreter = "" Then
        Usable = False
    ElseIf (interpreter = "python" Or interpreter = "pythonw") Then
        ' A bare name means "the conda environment of the settings" to xlwings.
        Usable = CondaConfigured()
    Else
        Usable = FileExists(interpreter)
    End If
End Function

Private Function XlwingsSetting(ByVal key As String) As String
    Dim value As String
    If GetConfigFromFile(XlwingsConfigFilePath(), key, value) Then
        XlwingsSetting = ExpandEnvironmentStrings(value)
    Else
        XlwingsSetting = ""
    End If
End Function

' The interpreter to run and, in source, where it was found; "" when none works. tried lists the
' settings that were passed over, for Check setup.
Public Function FindInterpreter(ByRef source As String, ByRef tried As String) As String
    Dim candidate As String

    candidate = GetConfig(InterpreterKey(), "")
    If candidate = "" Then candidate = GetConfig("INTERPRETER", "")
    If Usable(candidate) Then
        source = "RateCalc's settings (" & GetConfigFilePath() & ")"
        FindInterpreter = candidate
        Exit Function
    ElseIf candidate <> "" Then
        tried = tried & vbLf & "  RateCalc's settings name " & candidate & ", which does not exist."
    End If

    candidate = XlwingsSetting(InterpreterKey())
    If candidate = "" Then candidate = XlwingsSetting("INTERPRETER")
    If Usable(candidate) Then
        source = "xlwings' settings (" & XlwingsConfigFilePath() & ")"
        FindInterpreter = candidate
        Exit Function
    ElseIf candidate <> "" Then
        tried = tried & vbLf & "  xlwings' settings name " & candidate & ", which does not exist."
    End If

    If BUILD_INTERPRETER <> "" And FileExists(BUILD_INTERPRETER) Then
        source = "the Python that built this add-in"
        FindInterpreter = BUILD_INTERPRETER
        Exit Function
    ElseIf BUILD_INTERPRETER <> "" Then
        tried = tried & vbLf & "  The add-in was built by " & BUILD_INTERPRETER & " (" & BUILD_PLATFORM & "), which is not on this computer."
    End If

    If CondaConfigured() Then
        source = "the conda environment in the settings"
        FindInterpreter = "pythonw"
        Exit Function
    End If
    source = ""
    FindInterpreter = ""
End Function

Public Function RateCalcInterpreter() As String
    Dim source As String, tried As String
    RateCalcInterpreter = FindInterpreter(source, tried)
End Function

' The xlwings DLL this add-in's VBA was written for (Windows only).
Public Function RateCalcDllName() As String
    #If Win64 Then
        RateCalcDllName = "xlwings64-" & XLWINGS_VERSION & ".dll"
    #Else
        RateCalcDllName = "xlwings32-" & XLWINGS_VERSION & ".dll"
    #End If
End Function

' Where the DLL sits beside interpreter (its folder, or the environment's root for a venv); "".
Public Function RateCalcDllPath(ByVal interpreter As String) As String
    Dim folder As Variant
    RateCalcDllPath = ""
    If interpreter = "" Or interpreter = "python" Or interpreter = "pythonw" Then Exit Function
    For Each folder In Array(ParentFolder(interpreter), ParentFolder(ParentFolder(interpreter)))
        If FileExists(folder & "\" & RateCalcDllName()) Then
            RateCalcDllPath = folder & "\" & RateCalcDllName()
            Exit Function
        End If
    Next folder
End Function

' One sentence for a Python that lacks this add-in's xlwings DLL.
Public Function MissingDllMessage(ByVal interpreter As String) As String
    MissingDllMessage = "RateCalc found Python at " & interpreter & " but not xlwings " & XLWINGS_VERSION & _
        " (" & RateCalcDllName() & ") beside it: run 'ratecalc addin install' with that Python, then restart Excel."
End Function

' Raised by the xlwings module before it calls into the DLL: a worksheet function shows this text
' in its cell instead of "File not found: xlwings64-....dll".
Public Sub RaiseMissingPython()
    Err.Raise vbObjectError + 513, "RateCalc", MISSING_PYTHON_MESSAGE
End Sub

Public Sub RaiseMissingDll(ByVal interpreter As String)
    Err.Raise vbObjectError + 514, "RateCalc", MissingDllMessage(interpreter)
End Sub

' True when Python can be started; otherwise the user has been told what to run.
Public Function RateCalcPythonReady() As Boolean
    If RateCalcInterpreter() = "" Then
        MsgBox MISSING_PYTHON_MESSAGE, vbExclamation, "RateCalc"
        RateCalcPythonReady = False
    Else
        RateCalcPythonReady = True
    End If
End Function

' Runs interpreter to check it imports RateCalc and the xlwings this add-in needs:
' 0 = matches, 3 = another xlwings version, anything else = RateCalc or xlwings missing.
Private Function PythonCheckCode(ByVal interpreter As String) As Long
    Dim command As String
    #If Mac Then
        PythonCheckCode = -1
    #Else
        On Error GoTo failed
        command = "import sys, xlwings, ratecalc_addin; sys.exit(0 if xlwings.__version__ == '" & XLWINGS_VERSION & "' else 3)"
        PythonCheckCode = CreateObject("WScript.Shell").Run(Chr(34) & interpreter & Chr(34) & " -c " & Chr(34) & command & Chr(34), 0, True)
        Exit Function
failed:
        PythonCheckCode = -2
    #End If
End Function

' The Help group's Check setup entry: pure VBA, so it answers even when Python cannot start.
Public Sub RateCalcCheckSetup(control As IRibbonControl)
    MsgBox SetupReport(), vbInformation, "RateCalc: check setup"
End Sub

Public Function SetupReport() As String
    Dim interpreter As String, source As String, tried As String, report As String
    Dim dll As String, code As Long, nextStep As String

    interpreter = FindInterpreter(source, tried)
    report = "Add-in: RateCalc for xlwings " & XLWINGS_VERSION & vbLf
    If interpreter = "" Then
        report = report & "Python: not found." & tried & vbLf
        nextStep = MISSING_PYTHON_MESSAGE
    Else
        report = report & "Python: " & interpreter & ", from " & source & "." & tried & vbLf
        code = PythonCheckCode(interpreter)
        Select Case code
            Case 0
                report = report & "xlwings: " & XLWINGS_VERSION & " in that Python, the version this add-in was built for." & vbLf
            Case 3
                report = report & "xlwings: that Python has another version than " & XLWINGS_VERSION & "." & vbLf
                nextStep = "Run 'ratecalc addin install' with that Python to rebuild the add-in for its xlwings, then restart Excel."
            Case -1
                report = report & "xlwings: not checked on a Mac (press Help to test Python)." & vbLf
            Case Else
                report = report & "xlwings: that Python could not import RateCalc and xlwings." & vbLf
                nextStep = "Install RateCalc into that Python ('pip install .' in the RateCalc folder), then run 'ratecalc addin install' and restart Excel."
        End Select
        #If Mac Then
            report = report & "DLL: not used on a Mac." & vbLf
        #Else
            dll = RateCalcDllPath(interpreter)
            If dll = "" Then
                report = report & "DLL: " & RateCalcDllName() & " not found beside that Python." & vbLf
                If nextStep = "" Then nextStep = MissingDllMessage(interpreter)
            ElseIf RateCalcLoadLibrary(dll) = 0 Then
                report = report & "DLL: " & dll & " exists but Windows could not load it." & vbLf
                If nextStep = "" Then nextStep = "Reinstall xlwings in that Python ('pip install --force-reinstall xlwings==" & XLWINGS_VERSION & "'), then restart Excel."
            Else
                report = report & "DLL: " & dll & " loads." & vbLf
            End If
        #End If
    End If
    If nextStep = "" Then nextStep = "Everything RateCalc needs is in place."
    SetupReport = report & vbLf & nextStep
End Function
