import { Button } from "../../../components/Button";
import { t } from "../../../i18n";

/** "Load more" under a paged list (the audit log, the recycle bin) while the server has more. */
export function LoadMore({
  query,
  label,
}: {
  query: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => Promise<unknown> };
  label: string;
}) {
  if (!query.hasNextPage) return null;
  return (
    <div>
      <Button onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
        {query.isFetchingNextPage ? t("app.loading") : label}
      </Button>
    </div>
  );
}
