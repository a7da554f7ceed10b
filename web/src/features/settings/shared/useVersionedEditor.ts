// The editors of a versioned settings object (an email template, an automation rule, a webhook):
// a form that starts from the object opened (or blank, to create one); saving creates it, or sends
// only the parts the admin changed with If-Match of the version the editor opened on; when someone
// saved it meanwhile (412) the fresh version is read and kept as `conflict`, and the admin either
// keeps their changes (saved again over the fresh version) or takes theirs.
import { useRef, useState } from "react";
import { isApiError } from "../../../api/problem";
import type { FormErrors } from "./errors";
import { useFormAction, type FormAction } from "./useFormAction";

export interface Versioned {
  id: string;
  version: number;
}

export interface VersionedEditorOptions<T extends Versioned, F> {
  /** The object opened; null to create one. */
  initial: T | null;
  formOf: (x: T) => F;
  blank: () => F;
  /** Whether the form differs from what the admin started from (false: nothing to save). */
  changed: (origin: F, form: F) => boolean;
  /** Creates the object from the form (and says so, navigates...). */
  create: (form: F) => Promise<unknown>;
  /** Sends the changes from `origin` to `form` with `ifMatch`; answers the saved object. */
  update: (on: T, origin: F, form: F, ifMatch: string) => Promise<T>;
  /** Reads the object again (after a 412). */
  read: (id: string) => Promise<T>;
  /** After a save of changes (the saved object), or when there was nothing to save (null). */
  saved?: (saved: T | null) => unknown;
  /** After the admin took the fresh version over their changes. */
  took?: (fresh: T) => void;
  mapError?: (e: unknown) => FormErrors;
}

export interface VersionedEditor<T extends Versioned, F> {
  form: F;
  set: (patch: Partial<F>) => void;
  setForm: (f: F) => void;
  /** What the admin started from: the object's form as opened or last saved; null when creating. */
  origin: F | null;
  /** The version a save names in If-Match (the object opened or last saved, or the fresh one). */
  current: T | null;
  conflict: T | null;
  action: FormAction;
  /** Keep the admin's changes: save them over the fresh version. */
  keepMine: () => void;
  /** Take the fresh version: the form becomes it. */
  takeTheirs: () => void;
}

export function useVersionedEditor<T extends Versioned, F>(o: VersionedEditorOptions<T, F>): VersionedEditor<T, F> {
  const [origin, setOrigin] = useState<F | null>(o.initial ? o.formOf(o.initial) : null);
  const base = useRef<T | null>(o.initial);
  const [form, setForm] = useState<F>(() => (o.initial ? o.formOf(o.initial) : o.blank()));
  const [conflict, setConflict] = useState<T | null>(null);

  const action = useFormAction(async () => {
    setConflict(null);
    const on = base.current;
    if (!on) {
      await o.create(form);
      return;
    }
    const from = origin ?? o.formOf(on);
    if (!o.changed(from, form)) {
      await o.saved?.(null);
      return;
    }
    let saved: T;
    try {
      saved = await o.update(on, from, form, `"${on.version}"`);
    } catch (e) {
      if (!isApiError(e) || e.status !== 412) throw e;
      setConflict(await o.read(on.id));
      return;
    }
    base.current = saved;
    setOrigin(o.formOf(saved));
    await o.saved?.(saved);
  }, o.mapError);

  return {
    form,
    set: (patch) => setForm((f) => ({ ...f, ...patch })),
    setForm,
    origin,
    current: base.current,
    conflict,
    action,
    keepMine: () => {
      base.current = conflict;
      void action.run();
    },
    takeTheirs: () => {
      if (!conflict) return;
      base.current = conflict;
      setOrigin(o.formOf(conflict));
      setForm(o.formOf(conflict));
      setConflict(null);
      o.took?.(conflict);
    },
  };
}
