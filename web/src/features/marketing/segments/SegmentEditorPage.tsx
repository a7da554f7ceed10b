// A segment in the builder (/marketing/segments/new, /marketing/segments/:id): its name, its
// conditions in groups, and beside them the live count and the first members of the filter as it
// stands (usePreview). Saving creates the segment or sends what changed with If-Match; a refusal's
// field errors go beside the conditions they name, a 412 shows the other version (keep mine / take
// theirs). Ctrl/Cmd+S saves. A role that reads segments without managing them sees them read-only.
import { useEffect, useMemo, useRef, useState } from "react";
import { Link, useNavigate } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { isApiError } from "../../../api/problem";
import type { Schemas } from "../../../api/types";
import { useMe } from "../../../app/session";
import { useUsers } from "../../../app/users";
import { Button } from "../../../components/Button";
import { TextField } from "../../../components/Field";
import { PageHeader } from "../../../components/PageHeader";
import { Skeleton } from "../../../components/Skeleton";
import { ErrorNotice } from "../../../components/ErrorNotice";
import { EmptyState } from "../../../components/EmptyState";
import { useToast } from "../../../components/Toast";
import { t } from "../../../i18n";
import { usePipelineNames } from "../../records/list/data";
import { ConflictNotice } from "../../settings/shared/ConflictNotice";
import { DeleteConfirm } from "../../settings/shared/DeleteConfirm";
import { FormAlert } from "../../settings/shared/FormAlert";
import { useVersionedEditor } from "../../settings/shared/useVersionedEditor";
import { managesAudiences, marketingKeys, useSegment, type Segment } from "../api";
import { BuilderContext, type Builder } from "./builderContext";
import { blankGroup, conditionCount, errorsByNode, readFilter, stableJson, updateNode, writeFilter, type Group, type Json } from "./filterModel";
import { useSegmentFields } from "./fields";
import { GroupEditor, newChild } from "./GroupEditor";
import { PreviewPanel } from "./PreviewPanel";
import { usePreview } from "./usePreview";
import styles from "./builder.module.css";

interface Form {
  name: string;
  root: Group;
}

const filterText = (f: Form) => stableJson(writeFilter(f.root).filter);
/** The builder's JSON as the API's type (the builder writes only what SegmentFilter describes). */
const asFilter = (f: Form) => writeFilter(f.root).filter as unknown as Schemas["SegmentFilter"];

export default function SegmentEditorPage({ id }: { id: string | null }) {
  const me = useMe();
  const segment = useSegment(id);
  if (id !== null && segment.isPending)
    return (
      <div className={styles.pad}>
        <Skeleton lines={8} />
      </div>
    );
  if (id !== null && segment.isError) {
    if (isApiError(segment.error) && segment.error.status === 404)
      return <EmptyState title={t("marketingSegments.notFound")} action={<Link to="/marketing/segments">{t("marketingSegments.backToList")}</Link>} />;
    return <ErrorNotice error={segment.error} retry={() => void segment.refetch()} />;
  }
  if (id === null && !managesAudiences(me))
    return <EmptyState title={t("marketingSegments.cannotCreate")} action={<Link to="/marketing/segments">{t("marketingSegments.backToList")}</Link>} />;
  return <Editor initial={segment.data ?? null} />;
}

function Editor({ initial }: { initial: Segment | null }) {
  const me = useMe();
  const manager = managesAudiences(me);
  const navigate = useNavigate();
  const queries = useQueryClient();
  const toast = useToast();
  const { fields, byName } = useSegmentFields();
  const users = useUsers().data ?? [];
  const { stages, pipelines } = usePipelineNames(true);
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);

  const refreshLists = () => queries.invalidateQueries({ queryKey: marketingKeys.segments });
  const editor = useVersionedEditor<Segment, Form>({
    initial,
    formOf: (s) => ({ name: s.name, root: readFilter(s.filter as unknown as Json) }),
    blank: () => ({ name: "", root: blankGroup() }),
    changed: (a, b) => a.name !== b.name || filterText(a) !== filterText(b),
    create: async (f) => {
      const s = must(await api.POST("/api/v1/segments", { body: { name: f.name.trim(), object: "contacts", filter: asFilter(f) } }));
      await refreshLists();
      queries.setQueryData(marketingKeys.segment(s.id), s);
      toast({ text: t("marketingSegments.created", { name: s.name }) });
      navigate(`/marketing/segments/${s.id}`, { replace: true });
    },
    update: async (on, origin, f, ifMatch) => {
      const body: Schemas["SegmentPatch"] = {};
      if (f.name !== origin.name) body.name = f.name.trim();
      if (filterText(f) !== filterText(origin)) body.filter = asFilter(f);
      return must(await api.PATCH("/api/v1/segments/{id}", { params: { path: { id: on.id }, header: { "If-Match": ifMatch } }, body }));
    },
    read: async (sid) => must(await api.GET("/api/v1/segments/{id}", { params: { path: { id: sid } } })),
    saved: async (s) => {
      if (s) {
        queries.setQueryData(marketingKeys.segment(s.id), s);
        await Promise.all([refreshLists(), queries.invalidateQueries({ queryKey: marketingKeys.segmentCount(s.id) })]);
      }
      toast({ text: t("marketingSegments.saved") });
    },
  });
  const { form, action } = editor;

  const { filter, paths } = useMemo(() => writeFilter(form.root), [form.root]);
  const preview = usePreview(filter, initial?.id ?? null, manager);

  // The save's refusal first; else the preview's, once it answered for the filter on screen.
  const errorList = useMemo(() => {
    const saved = Object.entries(action.errors.fields).filter(([k]) => k.startsWith("filter"));
    if (saved.length) return saved.map(([field, message]) => ({ field, message }));
    if (preview.pending || !isApiError(preview.error) || preview.error.status !== 422) return [];
    return (preview.error.problem.errors ?? []).map((e) => ({ field: e.field, message: e.message }));
  }, [action.errors.fields, preview.pending, preview.error]);
  const placed = useMemo(() => errorsByNode(errorList, paths), [errorList, paths]);

  const builder = useMemo<Builder>(
    () => ({ fields, byName, users, meId: me.user_id ?? "", stages, pipelines, errors: placed.byNode, readOnly: !manager, focusKey }),
    [fields, byName, users, me.user_id, stages, pipelines, placed.byNode, manager, focusKey],
  );

  // A save's refusal of the conditions is about the filter it sent: an edit makes it stale (the
  // preview says what holds for the filter now).
  const setRoot = (root: Group) => {
    editor.set({ root });
    const kept = Object.entries(action.errors.fields).filter(([k]) => !k.startsWith("filter"));
    if (kept.length !== Object.keys(action.errors.fields).length) action.setErrors({ fields: Object.fromEntries(kept), message: action.errors.message });
  };
  const add = (into: Group, what: "condition" | "group") => {
    const first = newChild("condition", fields[0]);
    const node = what === "group" ? { ...blankGroup("any"), children: [first] } : first;
    setRoot(updateNode(form.root, into.key, (g) => (g.kind === "group" ? { ...g, children: [...g.children, node] } : g)));
    setFocusKey(first.key);
  };

  // Ctrl/Cmd+S saves wherever the focus is (after a removed condition it is on the page itself).
  const save = useRef(action.run);
  save.current = action.run;
  useEffect(() => {
    if (!manager) return;
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === "s") {
        e.preventDefault();
        void save.current();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [manager]);

  const count = conditionCount(form.root);
  const title = initial ? initial.name : t("marketingSegments.newTitle");
  return (
    <>
      <PageHeader title={title}>
        <Link to="/marketing/segments" className={styles.back}>
          {t("marketingSegments.backToList")}
        </Link>
        {initial && manager && (
          <Button variant="danger" onClick={() => setDeleting(true)}>
            {t("common.delete")}
          </Button>
        )}
        {manager && (
          <Button variant="primary" type="submit" form="segment-form" disabled={action.busy} aria-keyshortcuts="Control+S Meta+S">
            {initial ? t("marketingSegments.save") : t("marketingSegments.create")}
          </Button>
        )}
      </PageHeader>
      <form id="segment-form" className={styles.editor} onSubmit={(e) => void action.run(e)} noValidate>
        <div className={styles.main}>
          {!manager && <p className={styles.note}>{t("marketingSegments.readOnly")}</p>}
          <FormAlert message={action.errors.message} />
          {editor.conflict && (
            <ConflictNotice
              title={t("marketingSegments.conflict")}
              mine={t("marketingSegments.conflictMine")}
              theirs={t("marketingSegments.conflictTheirs")}
              onMine={editor.keepMine}
              onTheirs={editor.takeTheirs}
            >
              <p>{t("marketingSegments.conflictText", { name: editor.conflict.name })}</p>
            </ConflictNotice>
          )}
          <TextField
            label={t("marketingSegments.name")}
            value={form.name}
            onChange={(e) => editor.set({ name: e.target.value })}
            error={action.errors.fields.name}
            placeholder={t("marketingSegments.namePlaceholder")}
            maxLength={200}
            required
            readOnly={!manager}
            autoFocus={!initial}
            className={styles.name}
          />
          <BuilderContext.Provider value={builder}>
            <GroupEditor group={form.root} number="" depth={0} onChange={setRoot} onAdd={add} />
          </BuilderContext.Provider>
          {placed.rest.length > 0 && (
            <p className={styles.error} role="alert">
              {placed.rest.join(" · ")}
            </p>
          )}
          <p className={styles.bounds}>{t("marketingSegments.bounds", { n: count })}</p>
        </div>
        <PreviewPanel preview={preview} canPreview={manager || initial !== null} />
      </form>
      {deleting && initial && (
        <DeleteConfirm
          title={t("marketingSegments.deleteTitle", { name: initial.name })}
          confirm={t("marketingSegments.deleteNamed", { name: initial.name })}
          done={t("marketingSegments.deleted", { name: initial.name })}
          remove={async () => {
            must(await api.DELETE("/api/v1/segments/{id}", { params: { path: { id: initial.id }, header: { "If-Match": `"${editor.current?.version ?? initial.version}"` } } }));
            navigate("/marketing/segments");
          }}
          refresh={[marketingKeys.segments]}
          onClose={() => setDeleting(false)}
        >
          <p>{t("marketingSegments.deleteText")}</p>
        </DeleteConfirm>
      )}
    </>
  );
}
