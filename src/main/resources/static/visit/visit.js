/*
 * Medbook's visit page: signs the reader in (one-time code, or password for staff), asks for camera
 * and microphone, joins the visit over STOMP (/ws), waits to be admitted (patient) or admits
 * (doctor), and connects the two browsers with WebRTC. The doctor makes the offer of every new
 * connection. A refused camera or microphone leaves the choice of joining with sound only, or to watch
 * and listen only. A connection that goes "disconnected" or "failed" is restarted (an offer with
 * iceRestart over the same signaling); should both browsers restart at once, the doctor's offer wins and
 * the patient's browser answers it. A lost socket reconnects by itself and joins again, after which the
 * doctor's browser starts a new connection.
 */
(function () {
    'use strict';

    var TOKENS = 'medbook.tokens';
    var bookingId = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() || '');
    var params = new URLSearchParams(location.search);
    var forceRelay = params.get('ice') === 'relay';

    var $ = function (id) { return document.getElementById(id); };
    var visit = null;          // GET /api/v1/bookings/{id}/visit
    var role = null;           // PATIENT or DOCTOR
    var state = null;          // the visit's state as the server last said
    var stomp = null;
    var localStream = null;
    var pc = null;
    var pendingCandidates = [];
    var left = false;          // the reader hung up: do not rejoin on reconnect
    var over = false;          // ended or closed: nothing more to do
    var makingOffer = false;   // an offer of ours is on its way out
    var restartTimer = null;   // the next ICE restart, while the connection is down
    var iceRestarts = 0;       // offers with iceRestart this page made
    var frames = 0;            // receipt ids of the frames this page sends
    var unanswered = {};       // receipt id -> frame, kept a while in case the server is too busy to take it
    var busyRetries = 0;       // frames sent again because the server was too busy for them

    // for people who debug a visit (and for tests): the peer connection and where things stand
    window.medbookVisit = {
        get pc() { return pc; },
        get role() { return role; },
        get state() { return state; },
        get iceRestarts() { return iceRestarts; },
        get busyRetries() { return busyRetries; },
        get sending() { return localStream ? localStream.getTracks().map(function (track) { return track.kind; }) : []; }
    };

    function status(text) { $('status').textContent = text; }

    function message(text) {
        var box = $('message');
        box.textContent = text;
        box.hidden = !text;
    }

    function show(section) {
        ['signin', 'room'].forEach(function (id) { $(id).hidden = id !== section; });
    }

    // ---- tokens and the API -----------------------------------------------------------------

    function tokens() {
        try { return JSON.parse(sessionStorage.getItem(TOKENS)); } catch (e) { return null; }
    }

    function keep(body) {
        sessionStorage.setItem(TOKENS, JSON.stringify({ accessToken: body.accessToken, refreshToken: body.refreshToken }));
    }

    function expiresSoon(token) {
        try {
            var claims = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
            return claims.exp * 1000 - Date.now() < 60000;
        } catch (e) { return true; }
    }

    function refresh() {
        var current = tokens();
        if (!current || !current.refreshToken) { return Promise.reject(new Error('signed out')); }
        return fetch('/api/v1/auth/refresh', {
            method: 'POST', headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ refreshToken: current.refreshToken })
        }).then(function (response) {
            if (!response.ok) { sessionStorage.removeItem(TOKENS); throw new Error('signed out'); }
            return response.json();
        }).then(function (body) { keep(body); return body.accessToken; });
    }

    function accessToken() {
        var current = tokens();
        if (!current) { return Promise.reject(new Error('signed out')); }
        return expiresSoon(current.accessToken) && current.refreshToken ? refresh() : Promise.resolve(current.accessToken);
    }

    function call(method, path, body, retried) {
        return accessToken().then(function (token) {
            var headers = { 'Authorization': 'Bearer ' + token };
            if (body) { headers['Content-Type'] = 'application/json'; }
            return fetch(path, { method: method, headers: headers, body: body ? JSON.stringify(body) : undefined });
        }).then(function (response) {
            if (response.status === 401 && !retried) {
                return refresh().then(function () { return call(method, path, body, true); });
            }
            return response.json().catch(function () { return {}; }).then(function (json) {
                return { status: response.status, body: json };
            });
        });
    }

    function post(path, body) {
        return fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
            .then(function (response) {
                return response.json().catch(function () { return {}; }).then(function (json) {
                    return { status: response.status, body: json };
                });
            });
    }

    // ---- signing in ---------------------------------------------------------------------------

    function signIn() {
        show('signin');
        status('Sign in to join');
        var destination = null;
        $('otp-request').onsubmit = function (event) {
            event.preventDefault();
            destination = $('otp-destination').value.trim();
            var channel = destination.indexOf('@') >= 0 ? 'EMAIL' : 'SMS';
            post('/api/v1/auth/otp', { channel: channel, destination: destination }).then(function (answer) {
                if (answer.status === 202) {
                    $('otp-verify').hidden = false;
                    message('We sent a code to ' + destination + '.');
                    $('otp-code').focus();
                } else {
                    message(answer.body.detail || 'The code could not be sent.');
                }
            });
        };
        $('otp-verify').onsubmit = function (event) {
            event.preventDefault();
            post('/api/v1/auth/otp/verify', { destination: destination, code: $('otp-code').value.trim() })
                .then(signedIn);
        };
        $('password-form').onsubmit = function (event) {
            event.preventDefault();
            post('/api/v1/auth/login', { email: $('staff-email').value.trim(), password: $('staff-password').value })
                .then(signedIn);
        };
    }

    function signedIn(answer) {
        if (answer.status === 200 && answer.body.accessToken) {
            keep(answer.body);
            message('');
            enter();
        } else {
            message(answer.body.detail || 'Signing in did not work.');
        }
    }

    // ---- the visit ------------------------------------------------------------------------------

    function enter() {
        status('Loading your visit…');
        call('GET', '/api/v1/bookings/' + encodeURIComponent(bookingId) + '/visit').then(function (answer) {
            if (answer.status === 401) { sessionStorage.removeItem(TOKENS); signIn(); return; }
            if (answer.status !== 200) {
                status('No visit');
                message(answer.body.detail || 'This visit does not exist, or it is not yours.');
                return;
            }
            visit = answer.body;
            role = visit.role;
            state = visit.state;
            if (state === 'NOT_YET_OPEN') {
                var opens = new Date(visit.opensAt);
                status('Not open yet');
                message('Your visit opens at ' + opens.toLocaleString() + '. This page joins it by itself then; keep it open.');
                setTimeout(enter, Math.max(5000, Math.min(opens.getTime() - Date.now() + 1000, 600000)));
                return;
            }
            if (state === 'CLOSED' || state === 'ENDED') {
                status('Visit over');
                message(state === 'ENDED' ? 'The doctor has ended this visit.' : 'This visit has closed (at '
                    + new Date(visit.closesAt).toLocaleString() + ').');
                return;
            }
            message('');
            startMedia();
        }).catch(function () { signIn(); });
    }

    function startMedia() {
        show('room');
        if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
            status('No camera access');
            message('This browser gives the page no camera here. Open the link over HTTPS in a current Chrome, '
                + 'Firefox or Safari, or join to watch and listen only.');
            offerChoices(false);
            return;
        }
        ask({ video: true, audio: true });
    }

    function ask(constraints) {
        status(constraints.video ? 'Asking for your camera and microphone…' : 'Asking for your microphone…');
        $('media-choice').hidden = true;
        navigator.mediaDevices.getUserMedia(constraints).then(useMedia).catch(function (error) {
            var what = constraints.video ? 'camera and microphone' : 'microphone';
            var name = error && error.name;
            if (name === 'NotAllowedError' || name === 'SecurityError') {
                status('Camera or microphone refused');
                message('The browser refused this page the ' + what + '. To use them, allow them for this site '
                    + '(the camera icon in the address bar) and try again. You can also join without them: the other '
                    + 'person still sees and hears what you can share, and you see and hear them.');
            } else {
                status('No camera or microphone');
                message('No ' + what + ' could be opened (' + name + '). Check that one is connected and that no other '
                    + 'app uses it, then try again, or join without it.');
            }
            offerChoices(!!constraints.video);
        });
    }

    /** After a refusal: try again, join with the microphone alone (unless that was refused), or only receive. */
    function offerChoices(soundOnlyToo) {
        $('controls').hidden = true;
        $('media-choice').hidden = false;
        $('join-audio-only').hidden = !soundOnlyToo;
        $('media-retry').hidden = !(navigator.mediaDevices && navigator.mediaDevices.getUserMedia);
    }

    function useMedia(stream) {
        localStream = stream;
        var video = stream.getVideoTracks().length > 0;
        var audio = stream.getAudioTracks().length > 0;
        $('local-video').srcObject = video ? stream : null;
        $('local-video').hidden = !video;
        $('camera').hidden = !video;
        $('mute').hidden = !audio;
        $('media-choice').hidden = true;
        $('controls').hidden = false;
        message(video ? '' : audio
            ? 'You take part with sound only: the other person hears you but does not see you. Allow the camera for '
                + 'this site and reload the page to be seen.'
            : 'You take part without camera or microphone: you see and hear the other person, they neither see nor '
                + 'hear you. Allow the camera and microphone for this site and reload the page to be seen and heard.');
        connect();
    }

    function connect() {
        var scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
        stomp = new StompJs.Client({
            brokerURL: scheme + location.host + '/ws',
            reconnectDelay: 2000,
            heartbeatIncoming: 10000,
            heartbeatOutgoing: 10000,
            beforeConnect: function () {
                return accessToken().then(function (token) {
                    stomp.connectHeaders = { Authorization: 'Bearer ' + token };
                });
            },
            onConnect: function () {
                var receipt = 'visits-' + Date.now();
                stomp.watchForReceipt(receipt, function () {
                    if (!left && !over) { send('join'); }
                });
                stomp.subscribe('/user/queue/errors', onProblem);
                stomp.subscribe('/user/queue/visits', onMessage, { receipt: receipt });
                status('Connected');
            },
            onWebSocketClose: function () {
                if (over) { return; }
                status('Connection lost: reconnecting…');
                // the server counts a closed socket as leaving, so the other browser drops its connection to
                // this one; a new one starts once the socket is back and this page has joined again
                closePeer();
            },
            onStompError: function (frame) {
                message(frame.headers.message || 'The server refused the connection.');
            }
        });
        stomp.activate();
    }

    function send(action, body) {
        publish({ destination: '/app/visits/' + bookingId + '/' + action, body: body ? JSON.stringify(body) : '' });
    }

    /**
     * Every frame carries a receipt id and is kept for a while: should the server be too busy to take
     * it (503 server-busy on /user/queue/errors, naming the receipt), it is sent again once the server
     * says to, so an admission, a hang-up or an offer is not lost to a moment of overload.
     */
    function publish(frame) {
        if (!stomp || !stomp.connected) { return; }
        var receipt = 'visit-frame-' + (++frames);
        unanswered[receipt] = frame;
        setTimeout(function () { delete unanswered[receipt]; }, 30000);
        stomp.publish({
            destination: frame.destination,
            body: frame.body,
            headers: { 'content-type': 'application/json', receipt: receipt }
        });
    }

    /** A problem the server had with one of this page's frames (RFC 9457, sent to this socket only). */
    function onProblem(stompFrame) {
        var problem;
        try { problem = JSON.parse(stompFrame.body); } catch (e) { return; }
        var frame = problem.receiptId && unanswered[problem.receiptId];
        if (problem.status === 503 && frame) {
            delete unanswered[problem.receiptId];
            var seconds = Math.max(1, Number(problem.retryAfterSeconds) || 1);
            var before = $('status').textContent;
            var busy = 'The server is busy: trying again in ' + seconds + ' s…';
            status(busy);
            setTimeout(function () {
                busyRetries++;
                if ($('status').textContent === busy) { status(before); }
                publish(frame);
            }, seconds * 1000 + Math.floor(Math.random() * 500));
        } else if (problem.detail) {
            message(problem.detail);
        }
    }

    function onMessage(frame) {
        var m = JSON.parse(frame.body);
        if (m.bookingId && m.bookingId !== bookingId) { return; }
        if (m.state) { state = m.state; }
        switch (m.type) {
            case 'joined':
                $('end').hidden = role !== 'DOCTOR';
                if (state === 'PATIENT_WAITING' && role === 'DOCTOR') { patientWaiting(); }
                else if (state === 'PATIENT_WAITING' || state === 'OPEN') { waiting(role === 'PATIENT'
                    ? 'You are in the waiting room. The doctor will let you in.' : 'The patient has not joined yet.'); }
                else if (state === 'IN_PROGRESS') {
                    waiting(m.peerPresent ? 'Connecting…' : 'Waiting for the other person to come back…');
                    // this browser (re)joined: the other side dropped the old connection when it heard we left
                    closePeer();
                    if (role === 'DOCTOR' && m.peerPresent) { offer(); }
                }
                break;
            case 'patient-waiting':
                patientWaiting();
                break;
            case 'admitted':
                $('admit').hidden = true;
                waiting('Connecting…');
                if (role === 'DOCTOR') { offer(); }
                break;
            case 'peer-joined':
                if (state === 'IN_PROGRESS') {
                    waiting('Connecting…');
                    // the other person came back with a new page or socket: start afresh for them
                    closePeer();
                    if (role === 'DOCTOR') { offer(); }
                }
                break;
            case 'peer-left':
                closePeer();
                waiting(role === 'DOCTOR' ? 'The patient left or lost the connection.' : 'The doctor left or lost the connection.');
                break;
            case 'ended':
                finish('The doctor has ended the visit.');
                break;
            case 'offer':
                answer(m.sdp);
                break;
            case 'answer':
                if (pc && pc.remoteDescription && fingerprint(pc.remoteDescription.sdp) !== fingerprint(m.sdp)) {
                    // answered from a new connection (the other page dropped ours): start afresh
                    closePeer();
                    if (role === 'DOCTOR') { offer(); }
                } else if (pc && pc.signalingState === 'have-local-offer') {
                    pc.setRemoteDescription({ type: 'answer', sdp: m.sdp }).then(flushCandidates).catch(function () {});
                }
                break;
            case 'candidate':
                if (pc && pc.remoteDescription) { pc.addIceCandidate(m.candidate).catch(function () {}); }
                else { pendingCandidates.push(m.candidate); }
                break;
            case 'bye':
                closePeer();
                break;
            case 'error':
                if (m.problem === 'visit-ended' || m.problem === 'visit-closed' || m.problem === 'visit-over') {
                    finish(m.detail);
                } else {
                    message(m.detail);
                }
                break;
        }
    }

    function waiting(text) {
        $('waiting').textContent = text;
        $('waiting').hidden = !text;
        status(text || 'In the visit');
    }

    function patientWaiting() {
        $('admit').hidden = false;
        waiting('The patient is waiting. Admit them when you are ready.');
    }

    // ---- WebRTC ---------------------------------------------------------------------------------

    /** The page's peer connection, made when missing; the one who offers also asks for what it does not send. */
    function peer(offering) {
        if (pc && pc.connectionState !== 'closed') { return pc; }
        var servers = (visit.iceServers || []).map(function (server) {
            var entry = { urls: server.urls };
            if (server.username) { entry.username = server.username; entry.credential = server.credential; }
            return entry;
        });
        var connection = new RTCPeerConnection({ iceServers: servers, iceTransportPolicy: forceRelay ? 'relay' : 'all' });
        pc = connection;
        pendingCandidates = [];
        var tracks = localStream.getTracks();
        tracks.forEach(function (track) { connection.addTrack(track, localStream); });
        if (offering) {
            ['audio', 'video'].forEach(function (kind) {
                if (!tracks.some(function (track) { return track.kind === kind; })) {
                    connection.addTransceiver(kind, { direction: 'recvonly' });
                }
            });
        }
        connection.ontrack = function (event) {
            $('remote-video').srcObject = event.streams[0] || new MediaStream([event.track]);
            if (event.track.kind === 'video') { $('remote-placeholder').hidden = true; }
        };
        connection.onicecandidate = function (event) {
            if (event.candidate) { send('signal', { type: 'candidate', candidate: event.candidate.toJSON() }); }
        };
        connection.onconnectionstatechange = function () {
            if (connection === pc) { connectionChanged(connection); }
        };
        return connection;
    }

    function connectionChanged(connection) {
        var now = connection.connectionState;
        if (now === 'connected') {
            clearTimeout(restartTimer);
            restartTimer = null;
            waiting('');
            status('In the visit');
            showRemote();
        } else if (now === 'disconnected' || now === 'failed') {
            status('The connection is interrupted: reconnecting…');
            // "disconnected" often heals by itself within a few seconds; "failed" never does
            scheduleRestart(connection, now === 'failed' ? 0 : (role === 'DOCTOR' ? 2000 : 4000));
        }
    }

    /** Restarts ICE on a connection that is down, and again every few seconds until it is back. */
    function scheduleRestart(connection, delay) {
        if (restartTimer) { return; }
        restartTimer = setTimeout(function () {
            restartTimer = null;
            if (connection !== pc || over || left || connection.connectionState === 'connected') { return; }
            if (stomp && stomp.connected && state === 'IN_PROGRESS') {
                iceRestarts++;
                offer(true);
            }
            scheduleRestart(connection, role === 'DOCTOR' ? 6000 : 9000);
        }, delay);
    }

    /** What the other person sends, once connected: a camera, sound only, or nothing. */
    function showRemote() {
        var stream = $('remote-video').srcObject;
        var kinds = stream ? stream.getTracks().map(function (track) { return track.kind; }) : [];
        var placeholder = $('remote-placeholder');
        placeholder.hidden = kinds.indexOf('video') >= 0;
        placeholder.textContent = kinds.indexOf('audio') >= 0
            ? 'Sound only: the other person takes part without a camera.'
            : 'The other person takes part without camera or microphone: they see and hear you.';
    }

    function offer(restart) {
        var connection = peer(true);
        makingOffer = true;
        connection.createOffer(restart ? { iceRestart: true } : {})
            .then(function (description) { return connection.setLocalDescription(description); })
            .then(function () { send('signal', { type: 'offer', sdp: connection.localDescription.sdp }); })
            .catch(function (error) { if (!restart) { message('The call could not start: ' + error); } })
            .then(function () { makingOffer = false; });
    }

    function answer(sdp) {
        if (pc && pc.remoteDescription && fingerprint(pc.remoteDescription.sdp) !== fingerprint(sdp)) {
            closePeer(); // a new connection from the other side, not a restart of this one
        }
        var collision = makingOffer || (pc && pc.signalingState !== 'stable');
        if (collision && role === 'DOCTOR') {
            return; // both restarted at once: the patient's browser answers the doctor's offer instead
        }
        var connection = peer(false);
        if (role === 'PATIENT' && restartTimer) {
            // the doctor's browser restarts: give that time before trying on this side
            clearTimeout(restartTimer);
            restartTimer = null;
            scheduleRestart(connection, 9000);
        }
        var ready = connection.signalingState === 'have-local-offer'
            ? connection.setLocalDescription({ type: 'rollback' }) : Promise.resolve();
        ready.then(function () { return connection.setRemoteDescription({ type: 'offer', sdp: sdp }); })
            .then(flushCandidates)
            .then(function () { return connection.createAnswer(); })
            .then(function (description) { return connection.setLocalDescription(description); })
            .then(function () { send('signal', { type: 'answer', sdp: connection.localDescription.sdp }); })
            .catch(function (error) { message('The call could not start: ' + error); });
    }

    function fingerprint(sdp) {
        var line = /a=fingerprint:[^\r\n]+/.exec(sdp || '');
        return line ? line[0] : null;
    }

    function flushCandidates() {
        var queued = pendingCandidates;
        pendingCandidates = [];
        queued.forEach(function (candidate) { pc.addIceCandidate(candidate).catch(function () {}); });
    }

    function closePeer() {
        clearTimeout(restartTimer);
        restartTimer = null;
        makingOffer = false;
        if (pc) { pc.close(); pc = null; }
        $('remote-video').srcObject = null;
        $('remote-placeholder').textContent = 'Waiting for the other person…';
        $('remote-placeholder').hidden = false;
    }

    function finish(text) {
        over = true;
        closePeer();
        if (localStream) { localStream.getTracks().forEach(function (track) { track.stop(); }); }
        ['admit', 'end', 'mute', 'camera', 'hangup', 'rejoin', 'media-choice'].forEach(function (id) { $(id).hidden = true; });
        waiting('');
        status('Visit over');
        message(text);
        if (stomp) { stomp.deactivate(); }
    }

    // ---- controls -------------------------------------------------------------------------------

    function toggle(kind, button, on, off) {
        if (!localStream) { return; }
        var tracks = kind === 'audio' ? localStream.getAudioTracks() : localStream.getVideoTracks();
        var enabled = !tracks.every(function (track) { return !track.enabled; });
        tracks.forEach(function (track) { track.enabled = !enabled; });
        button.setAttribute('aria-pressed', String(enabled));
        button.textContent = enabled ? on : off;
    }

    $('mute').onclick = function () { toggle('audio', $('mute'), 'Unmute', 'Mute'); };
    $('camera').onclick = function () { toggle('video', $('camera'), 'Camera on', 'Camera off'); };
    $('media-retry').onclick = function () { ask({ video: true, audio: true }); };
    $('join-audio-only').onclick = function () { ask({ audio: true }); };
    $('join-receive-only').onclick = function () { useMedia(new MediaStream()); };
    $('admit').onclick = function () { send('admit'); };
    $('end').onclick = function () { send('end'); };
    $('hangup').onclick = function () {
        left = true;
        send('signal', { type: 'bye' });
        send('leave');
        closePeer();
        $('rejoin').hidden = false;
        $('hangup').hidden = true;
        waiting('You left the visit.');
    };
    $('rejoin').onclick = function () {
        left = false;
        $('rejoin').hidden = true;
        $('hangup').hidden = false;
        send('join');
    };
    window.addEventListener('pagehide', function () { if (!left) { send('leave'); } });

    if (!/^[0-9a-fA-F-]{36}$/.test(bookingId)) {
        message('This link is not a visit link.');
        status('No visit');
    } else if (tokens()) {
        enter();
    } else {
        signIn();
    }
})();
