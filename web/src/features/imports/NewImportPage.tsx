// A new import, in the order a person works: the object and the file (an XLSX workbook's sheet, a
// saved mapping to start from), then each column matched to a field with its first values (change
// any, or leave a column out; save the choices as a mapping for next time), then a dry run that
// lists the rows that would fail, and the import itself, which opens its own page with the live
// progress. Nothing is stored before "Check" or "Import": the review is the server's preview.
import { useEffect, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api, must } from "../../api/client";
import { scopeOf, useMe } from "../../app/session";
import { Button } from "../../components/Button";
import { EmptyState } from "../../components/EmptyState";
import { TextField } from "../../components/Field";
import { Skeleton } from "../../components/Skeleton";
import { useToast } from "../../components/Toast";
import { formatNumber, t } from "../../i18n";
import { objects } from "../records/objects";
import { SelectField } from "../settings/shared/SelectField";
import { SettingsPage } from "../settings/shared/SettingsPage";
import { Dropzone } from "./Dropzone";
import { FailedRowsTable } from "./FailedRowsTable";
import { ImportProgress } from "./ImportProgress";
import { MappingReview } from "./MappingReview";
import { RefusalList } from "./RefusalList";
import { refusalLines } from "./refusals";
import { previewFile, startImport } from "./upload";
import { useImport } from "./useImport";
import { IMPORT_OBJECTS, choicesFromSaved, fileKindOf, importsKey, initialChoices, isActive, isImportObject, mappingDocument, type Choices, type ImportObject, type ImportPreview } from "./imports";
import shared from "../settings/shared/settings.module.css";
import styles from "./imports.module.css";

function DryRun({ id }: { id: string }) {
  const run = useImport(id);
  if (!run.data) return <Skeleton lines={3} />;
  const i = run.data;
  return (
    <div className={styles.dryRun}>
      <ImportProgress i={i} />
      {!isActive(i.state) && i.state === "done" && (
        <p className={i.counts.failed > 0 ? styles.verdictWarn : styles.verdictOk} role="status">
          {i.counts.failed > 0 ? t("imports.dry.someFail", { n: formatNumber(i.counts.failed) }) : t("imports.dry.allGood", { n: formatNumber(i.counts.read) })}
        </p>
      )}
      <FailedRowsTable i={i} />
    </div>
  );
}

export default function NewImportPage() {
  const me = useMe();
  const navigate = useNavigate();
  const toast = useToast();
  const queries = useQueryClient();
  const [params] = useSearchParams();
  const allowed = IMPORT_OBJECTS.filter((o) => scopeOf(me, o, "create") !== "none");
  const asked = params.get("object");
  const [object, setObject] = useState<ImportObject>(isImportObject(asked) && allowed.includes(asked) ? asked : (allowed[0] ?? "contacts"));
  const [file, setFile] = useState<File | null>(null);
  const [sheet, setSheet] = useState<string | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [choices, setChoices] = useState<Choices | null>(null);
  const [loading, setLoading] = useState(false);
  const [refused, setRefused] = useState<string[] | null>(null);
  const [savedId, setSavedId] = useState("");
  const [saveName, setSaveName] = useState("");
  const [saving, setSaving] = useState(false);
  const [dryRunId, setDryRunId] = useState<string | null>(null);
  const [starting, setStarting] = useState<"dry" | "real" | null>(null);

  const mappings = useQuery({
    queryKey: ["imports", "mappings"],
    queryFn: async () => must(await api.GET("/api/v1/import-mappings")),
  });
  const savedOfObject = (mappings.data?.data ?? []).filter((m) => m.object === object);

  // The preview follows the object, the file and the sheet (a new read of the file each time).
  useEffect(() => {
    if (!file) return;
    let current = true;
    setLoading(true);
    setRefused(null);
    setDryRunId(null);
    previewFile({ object, file, sheet })
      .then((p) => {
        if (!current) return;
        setPreview(p);
        const saved = savedOfObject.find((m) => m.id === savedId);
        setChoices(saved ? choicesFromSaved(p, saved.mapping as Record<string, unknown>) : initialChoices(p));
      })
      .catch((e: unknown) => {
        if (!current) return;
        setPreview(null);
        setChoices(null);
        setRefused(refusalLines(e));
      })
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
    // savedOfObject/savedId are read as they are when the file changes; choosing a mapping applies it below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [object, file, sheet]);

  if (allowed.length === 0)
    return (
      <SettingsPage title={t("imports.new.title")}>
        <EmptyState title={t("imports.none.title")}>{t("imports.none.body")}</EmptyState>
      </SettingsPage>
    );

  const change = (c: Choices) => {
    setChoices(c);
    setDryRunId(null);  // a dry run checked other choices
  };
  const chooseSaved = (id: string) => {
    setSavedId(id);
    const saved = savedOfObject.find((m) => m.id === id);
    if (preview && saved) change(choicesFromSaved(preview, saved.mapping as Record<string, unknown>));
    else if (preview && !id) change(initialChoices(preview));
  };
  const run = async (dry: boolean) => {
    if (!file || !preview || !choices || starting) return;
    setStarting(dry ? "dry" : "real");
    setRefused(null);
    try {
      const i = await startImport({ object, file, sheet, mapping: mappingDocument(preview, choices) }, dry);
      void queries.invalidateQueries({ queryKey: importsKey });
      if (dry) setDryRunId(i.id);
      else navigate(`/settings/imports/${i.id}`);
    } catch (e) {
      setRefused(refusalLines(e));
    } finally {
      setStarting(null);
    }
  };
  const save = async () => {
    if (!preview || !choices || !saveName.trim() || saving) return;
    setSaving(true);
    try {
      const m = must(
        await api.POST("/api/v1/import-mappings", {
          body: { name: saveName.trim(), object, mapping: mappingDocument(preview, choices) },
        }),
      );
      await queries.invalidateQueries({ queryKey: ["imports", "mappings"] });
      setSavedId(m.id);
      setSaveName("");
      toast({ text: t("imports.mapping.saved", { name: m.name }) });
    } catch (e) {
      toast({ tone: "error", text: refusalLines(e).join(" ") });
    } finally {
      setSaving(false);
    }
  };
  const kind = file ? fileKindOf(file.name) : null;
  const plural = objects[object].plural.toLowerCase();

  return (
    <SettingsPage
      title={t("imports.new.title")}
      intro={t("imports.new.intro")}
      headerExtra={
        <Link to="/settings/imports" className={shared.linkButton}>
          {t("imports.back")}
        </Link>
      }
    >
      <section className={shared.card} aria-labelledby="import-step-file">
        <h2 id="import-step-file" className={styles.sectionTitle}>
          {t("imports.step.file")}
        </h2>
        <div className={styles.fileRow}>
          <SelectField label={t("imports.object")} value={object} onChange={(v) => { setObject(v as ImportObject); setSavedId(""); }}>
            {allowed.map((o) => (
              <option key={o} value={o}>
                {objects[o].plural}
              </option>
            ))}
          </SelectField>
          {savedOfObject.length > 0 && (
            <SelectField label={t("imports.mapping.load")} value={savedId} onChange={chooseSaved} help={t("imports.mapping.load.help")}>
              <option value="">{t("imports.mapping.none")}</option>
              {savedOfObject.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </SelectField>
          )}
        </div>
        <Dropzone
          file={file}
          disabled={loading}
          onFile={(f) => {
            setSheet(null);
            setFile(f);
          }}
        />
        {kind === "xlsx" && preview && preview.sheets.length > 1 && (
          <SelectField label={t("imports.sheet")} value={preview.sheet ?? ""} onChange={(v) => setSheet(v)} help={t("imports.sheet.help")}>
            {preview.sheets.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </SelectField>
        )}
        {loading && (
          <p className={shared.muted} role="status">
            {t("imports.file.reading")}
          </p>
        )}
        {!preview && <RefusalList lines={refused} />}
      </section>

      {preview && choices && (
        <section className={shared.card} aria-labelledby="import-step-columns">
          <div className={shared.cardHead}>
            <h2 id="import-step-columns" className={styles.sectionTitle}>
              {t("imports.step.columns")}
            </h2>
            <span className={shared.muted}>
              {t("imports.file.read", { format: preview.format.toUpperCase(), encoding: preview.encoding })}
            </span>
          </div>
          <MappingReview object={object} preview={preview} choices={choices} onChange={change} />
          <form
            className={styles.saveRow}
            onSubmit={(e) => {
              e.preventDefault();
              void save();
            }}
          >
            <TextField label={t("imports.mapping.name")} value={saveName} onChange={(e) => setSaveName(e.target.value)} maxLength={100} />
            <Button type="submit" disabled={!saveName.trim() || saving}>
              {t("imports.mapping.save")}
            </Button>
          </form>
        </section>
      )}

      {preview && choices && (
        <section className={shared.card} aria-labelledby="import-step-run">
          <h2 id="import-step-run" className={styles.sectionTitle}>
            {t("imports.step.run")}
          </h2>
          <p className={shared.muted}>{t("imports.run.intro", { what: plural })}</p>
          <div className={shared.actions}>
            <Button onClick={() => void run(true)} disabled={starting !== null} aria-busy={starting === "dry"}>
              {starting === "dry" ? t("imports.run.checking") : t("imports.run.dry")}
            </Button>
            <Button variant="primary" onClick={() => void run(false)} disabled={starting !== null} aria-busy={starting === "real"}>
              {starting === "real" ? t("imports.run.starting") : t("imports.run.import", { what: plural })}
            </Button>
          </div>
          <RefusalList lines={refused} />
          {dryRunId && <DryRun id={dryRunId} />}
        </section>
      )}
    </SettingsPage>
  );
}
