import type { CpMessage } from "./cp-message";

/** Commands in general (HCPCMD, HCPCFC), QUERY (HCPCQV, HCPCQU, HCPQVD) and DETACH (HCPDTV). */
export const COMMAND_MESSAGES: readonly CpMessage[] = [
  {
    id: "HCPCMD001E",
    number: 1,
    severity: "E",
    template: "Unknown CP command: {command}",
    source: "recalled",
  },
  { id: "HCPCFC026E", number: 26, severity: "E", template: "Operand missing or invalid", source: "corpus" },
  { id: "HCPCQV003E", number: 3, severity: "E", template: "Invalid option - {option}", source: "corpus" },
  { id: "HCPCQU045E", number: 45, severity: "E", template: "{userid} not logged on", source: "corpus" },
  {
    id: "HCPCQU361E",
    number: 361,
    severity: "E",
    template: "LOGOFF/FORCE pending for user {userid}",
    source: "corpus",
  },
  { id: "HCPQVD040E", number: 40, severity: "E", template: "Device {vdev} does not exist", source: "corpus" },
  { id: "HCPDTV040E", number: 40, severity: "E", template: "Device {vdev} does not exist", source: "corpus" },
];
