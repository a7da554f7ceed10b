import { useState } from "react";
import { Button } from "../../../components/Button";
import { t } from "../../../i18n";

/** Copies text to the clipboard and says so; when the clipboard is refused, says how to copy by hand. */
export function CopyButton({ text, label }: { text: string; label?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      setState("failed");
    }
    setTimeout(() => setState("idle"), 2500);
  };
  return (
    <Button size="small" onClick={() => void copy()} aria-live="polite">
      {state === "copied" ? t("settings.copied") : state === "failed" ? t("settings.copyFailed") : (label ?? t("settings.copy"))}
    </Button>
  );
}
