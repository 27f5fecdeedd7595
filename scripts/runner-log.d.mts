export class RunnerLog {
  secrets: string[]
  line(text: string): string | undefined
}
