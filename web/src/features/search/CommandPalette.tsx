export default function CommandPalette({ onClose }: { onClose: () => void }) {
  return (
    <div role="dialog" aria-label="Search">
      <button type="button" onClick={onClose}>
        Close
      </button>
    </div>
  );
}
