// Replaced by the page's author.
export default function Page() {
  return null;
}
