// Under a grid whose next page failed to load: what went wrong and a retry (the rows already
// shown stay).
import { Button } from "../../../components/Button";
import { t } from "../../../i18n";
import type { useRecordList } from "./data";
import styles from "./ListPage.module.css";

export function NextPageError({ list }: { list: ReturnType<typeof useRecordList> }) {
  if (!list.isFetchNextPageError) return null;
  return (
    <div className={styles.pageError} role="alert">
      {t("lists.error", { detail: list.error instanceof Error ? list.error.message : "" })}
      <Button size="small" onClick={() => void list.fetchNextPage()}>
        {t("common.retry")}
      </Button>
    </div>
  );
}
