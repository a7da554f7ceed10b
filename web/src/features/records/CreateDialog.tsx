export default function CreateDialog({ onClose }: { object?: string | undefined; onClose: () => void }) {
  return (
    <div role="dialog" aria-label="Create">
      <button type="button" onClick={onClose}>
        Close
      </button>
    </div>
  );
}
