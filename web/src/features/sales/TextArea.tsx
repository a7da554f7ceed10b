import { useId, type Ref, type TextareaHTMLAttributes } from "react";
import { fieldStyles } from "../../components/Field";

interface Props extends TextareaHTMLAttributes<HTMLTextAreaElement> {
  label: string;
  error?: string | undefined;
  help?: string | undefined;
  /** The text area itself (React 19 passes ref as a prop). */
  ref?: Ref<HTMLTextAreaElement>;
}

/** A labelled text area with its server error under it (the TextField of longer text). */
export function TextArea({ label, error, help, id, ...rest }: Props) {
  const auto = useId();
  const inputId = id ?? auto;
  const describedBy = error ? `${inputId}-error` : help ? `${inputId}-help` : undefined;
  return (
    <div className={fieldStyles.field}>
      <label className={fieldStyles.label} htmlFor={inputId}>
        {label}
      </label>
      <textarea id={inputId} className={fieldStyles.input} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...rest} />
      {help && !error && (
        <span id={`${inputId}-help`} className={fieldStyles.help}>
          {help}
        </span>
      )}
      {error && (
        <span id={`${inputId}-error`} className={fieldStyles.error} role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
