; Fieldlink's additions to the NSIS installer (electron-builder `nsis.include`).
;
; mDNS answers arrive on UDP 5353. Windows Defender Firewall drops them unless a rule lets them in, and a per-user
; install runs without administrator rights, so it cannot add that rule itself. The installer therefore asks once,
; through a UAC prompt for netsh alone, to allow Fieldlink on PRIVATE networks only (never Public: a café's Wi-Fi
; stays closed). A technician who declines can still add hosts by address; Fieldlink then explains in its
; discovery problems how to allow it (set the network to Private, allow Fieldlink through the firewall).

!define FIELDLINK_FW_RULE "Fieldlink mDNS (UDP 5353, private networks)"

!macro customInstall
  ; An old rule for another install folder would not match this executable: replace it.
  nsExec::Exec 'netsh advfirewall firewall delete rule name="${FIELDLINK_FW_RULE}"'
  Pop $0
  UserInfo::GetAccountType
  Pop $1
  ${If} $1 == "Admin"
    nsExec::ExecToLog 'netsh advfirewall firewall add rule name="${FIELDLINK_FW_RULE}" dir=in action=allow protocol=UDP localport=5353 profile=private program="$INSTDIR\${APP_EXECUTABLE_FILENAME}" enable=yes'
    Pop $0
  ${ElseIf} ${Silent}
    ; A silent per-user install must not raise a prompt; Fieldlink explains in-app if answers are dropped.
    DetailPrint "Fieldlink: no firewall rule added (per-user silent install)."
  ${Else}
    ; runas raises one UAC prompt for netsh alone; declining it leaves the install as it is.
    ExecShell "runas" "netsh" 'advfirewall firewall add rule name="${FIELDLINK_FW_RULE}" dir=in action=allow protocol=UDP localport=5353 profile=private program="$INSTDIR\${APP_EXECUTABLE_FILENAME}" enable=yes' SW_HIDE
  ${EndIf}
!macroend

!macro customUnInstall
  ; Removing the rule needs the same rights as adding it; without them the rule stays, pointing at a missing program.
  nsExec::Exec 'netsh advfirewall firewall delete rule name="${FIELDLINK_FW_RULE}"'
  Pop $0
!macroend
