// A short beep for new orders, made by WebAudio (no sound file to ship). Browsers only let a page
// play sound after a user gesture: turning the sound on is that gesture, so it creates the context.
let context: AudioContext | null = null

export function enableSound(): void {
  context ??= new AudioContext()
  void context.resume()
}

export function beep(): void {
  if (!context) return
  const start = context.currentTime
  const tone = context.createOscillator()
  const volume = context.createGain()
  tone.type = 'sine'
  tone.frequency.setValueAtTime(880, start)
  volume.gain.setValueAtTime(0.2, start)
  volume.gain.exponentialRampToValueAtTime(0.001, start + 0.25)
  tone.connect(volume).connect(context.destination)
  tone.start(start)
  tone.stop(start + 0.25)
}
