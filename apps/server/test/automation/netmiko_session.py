"""Drive a BMP Lab VTY with netmiko, as an automation user would.

Usage: python3 netmiko_session.py '<json spec>'
spec: host, port, device_type, username, password, [fast], [config], [commit],
      [commands], [session_log]
Prints one JSON object: {"ok": true, ...results} or {"ok": false, "error": <exception class>, "message": ...}.
"""
import json
import sys

from netmiko import ConnectHandler


def main():
    spec = json.loads(sys.argv[1])
    params = dict(
        device_type=spec["device_type"],
        host=spec["host"],
        port=spec["port"],
        username=spec["username"],
        password=spec["password"],
        timeout=30,
        allow_agent=False,
        use_keys=False,
    )
    if spec.get("fast"):
        params.update(fast_cli=True, global_delay_factor=0.5)
    if spec.get("session_log"):
        params["session_log"] = spec["session_log"]
    result = {"ok": True}
    try:
        conn = ConnectHandler(**params)
    except Exception as e:  # noqa: BLE001 - the test reads the class name
        print(json.dumps({"ok": False, "error": type(e).__name__, "message": str(e)}))
        return
    try:
        result["prompt"] = conn.find_prompt()
        result["base_prompt"] = conn.base_prompt
        result["commands"] = {c: conn.send_command(c) for c in spec.get("commands", [])}
        if spec.get("config"):
            result["config_output"] = conn.send_config_set(spec["config"], exit_config_mode=False)
            result["in_config_mode"] = conn.check_config_mode()
        if spec.get("commit"):
            result["commit_output"] = conn.commit()
            result["in_config_mode_after_commit"] = conn.check_config_mode()
        result["after"] = {c: conn.send_command(c) for c in spec.get("after", [])}
    finally:
        conn.disconnect()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
