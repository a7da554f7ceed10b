// The signed-in agent's "Away" switch (GET|PUT /api/v1/me/availability): while away, teams that
// assign tickets in turn pass them over. The pressed state shows as a tint and a mark, not only a
// colour, and is aria-pressed for screen readers; a refusal is said in a toast and the switch shows the saved state.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, must } from "../../api/client";
import { keys } from "../../api/keys";
import { Button } from "../../components/Button";
import { Icon } from "../../components/Icon";
import { useToast } from "../../components/Toast";
import { t } from "../../i18n";
import { errorText } from "../settings/shared/errors";
import styles from "./support.module.css";

const availabilityKey = keys.settings("my-availability");

export function AwayToggle() {
  const queries = useQueryClient();
  const toast = useToast();
  const availability = useQuery({ queryKey: availabilityKey, queryFn: async () => must(await api.GET("/api/v1/me/availability")) });
  const change = useMutation({
    mutationFn: async (away: boolean) => must(await api.PUT("/api/v1/me/availability", { body: { away } })),
    onSuccess: (saved) => {
      queries.setQueryData(availabilityKey, saved);
      toast({ text: t(saved.away ? "availability.nowAway" : "availability.nowBack") });
    },
    onError: (e) => toast({ tone: "error", text: errorText(e) }),
  });
  if (!availability.data) return null;
  const away = change.isPending ? !!change.variables : availability.data.away;
  return (
    <Button
      aria-pressed={away}
      className={away ? styles.awayOn : undefined}
      disabled={change.isPending}
      title={t("availability.help")}
      onClick={() => change.mutate(!away)}
    >
      {away && <Icon name="clock" size={14} />}
      {t("availability.away")}
    </Button>
  );
}
