// One submit of a settings form: busy while it runs, a second submit ignored meanwhile, and the
// server's refusal kept as errors (field messages of a 422 on their fields, anything else as one
// message). FormDialog and the page forms (pipeline editor, role editor, password) share it.
import { useRef, useState, type FormEvent } from "react";
import { attempt } from "./actions";
import { formErrors, noErrors, type FormErrors } from "./errors";

export interface FormAction {
  run: (e?: FormEvent) => Promise<void>;
  busy: boolean;
  errors: FormErrors;
  setErrors: (e: FormErrors) => void;
}

export function useFormAction(action: () => Promise<unknown>, mapError: (e: unknown) => FormErrors = formErrors): FormAction {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  // A ref, not the state: two Enter presses in one frame both see busy === false.
  const running = useRef(false);
  const run = async (e?: FormEvent) => {
    e?.preventDefault();
    if (running.current) return;
    running.current = true;
    setBusy(true);
    setErrors(noErrors);
    const refused = await attempt(action, mapError);
    running.current = false;
    setBusy(false);
    if (refused) setErrors(refused);
  };
  return { run, busy, errors, setErrors };
}
